namespace LongRunningService.Robustness;

/// <summary>
/// What the server answered one request: the HTTP status and, for gRPC and
/// REST alike, the gRPC status (from grpc-status, or the REST error body's
/// code); null status when the request timed out or the connection failed.
/// </summary>
internal sealed record Answer(string Transport, int HttpStatus, int? GrpcStatus, string Message, byte[] Body)
{
    public static readonly string[] CodeNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public bool TimedOut { get; init; }

    /// <summary>The client could not send the request at all; counted apart, never a fault.</summary>
    public bool Unsendable { get; init; }

    public bool Ok => GrpcStatus == 0 && HttpStatus == 200;

    /// <summary>How the answer is counted: <c>grpc INVALID_ARGUMENT</c>, <c>rest 400 INVALID_ARGUMENT</c>, <c>grpc timeout</c>.</summary>
    public string Label =>
        Unsendable ? $"{Transport} unsendable"
        : TimedOut ? $"{Transport} timeout"
        : GrpcStatus is null ? $"{Transport} {HttpStatus} no-status"
        : IsUnreadableRequest ? "grpc INTERNAL (unreadable request)"
        : Transport == "rest" ? $"rest {HttpStatus} {Name(GrpcStatus.Value)}"
        : $"{Transport} {Name(GrpcStatus.Value)}";

    // gRPC answers a request it cannot read at all (bad framing, a message that is not valid
    // protobuf, a bad grpc-timeout) with INTERNAL, as its status codes document says
    // (github.com/grpc/grpc/blob/master/doc/statuscodes.md); those are the protocol's answer, not a fault.
    // The first is the server's own (its marshallers); the others are Grpc.AspNetCore's framing checks.
    private static readonly string[] UnreadableRequest =
    [
        "The request message is not a valid ", "Incomplete message.", "Request did not include grpc-encoding value with compressed message.",
        "Additional data after the message received.", "Unsupported grpc-encoding value ",
    ];

    /// <summary>INTERNAL because gRPC could not read the request at all.</summary>
    public bool IsUnreadableRequest => Transport == "grpc" && GrpcStatus == 13 && UnreadableRequest.Any(p => Message.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// Why this answer cannot be the server's answer to a client's mistake, or
    /// null when it can: a hang, no status at all (beyond Kestrel's own 4xx),
    /// UNKNOWN, INTERNAL (but for an unreadable gRPC request) or DATA_LOSS, or an HTTP 500 or 502.
    /// </summary>
    public string? Fault =>
        Unsendable || IsUnreadableRequest ? null
        : TimedOut ? "no answer in time"
        : GrpcStatus is null && HttpStatus is not (200 or (>= 400 and < 500)) ? $"HTTP {HttpStatus} without a status: {Short(Message)}"
        : GrpcStatus is 2 or 13 or 15 ? $"{Name(GrpcStatus.Value)}: {Short(Message)}"
        : HttpStatus is 500 or 502 ? $"HTTP {HttpStatus}: {Short(Message)}"
        : null;

    public static string Name(int code) => code >= 0 && code < CodeNames.Length ? CodeNames[code] : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
