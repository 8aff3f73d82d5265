namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// What is known of a gRPC-family request before Grpc.AspNetCore takes it:
/// the protocol the client spoke (gRPC-Web's content type is rewritten before
/// the call runs) and whether one of our handlers ran, so that a call the
/// library ended on its own still gets its log line and metrics.
/// </summary>
internal sealed class ServedCallFeature(string protocol, bool holdsTrailers = false)
{
    public string Protocol { get; } = protocol;

    public bool HandlerRan { get; set; }

    /// <summary>
    /// True when the protocol writes a handler's trailing metadata its own way (Connect
    /// unary calls send it as prefixed headers): the trailers then wait in <see cref="Trailers"/>.
    /// </summary>
    public bool HoldsTrailers { get; } = holdsTrailers;

    public Metadata? Trailers { get; set; }
}
