using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Everything a raw gRPC call brought back: HTTP status, headers, framed messages and the status trailers.</summary>
internal sealed record GrpcCallResult(
    HttpStatusCode HttpStatus,
    HttpResponseHeaders Headers,
    HttpContentHeaders ContentHeaders,
    HttpResponseHeaders Trailers,
    IReadOnlyList<byte[]> Messages,
    byte[] RawBody)
{
    /// <summary>True when the status came in the headers (a trailers-only response).</summary>
    public bool IsTrailersOnly => Headers.Contains("grpc-status");

    public int? GrpcStatus => Header("grpc-status") is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public Google.Rpc.Code StatusCode => (Google.Rpc.Code)(GrpcStatus ?? -1);

    /// <summary>grpc-message as sent, still percent-encoded.</summary>
    public string? RawGrpcMessage => Header("grpc-message");

    public string? GrpcMessage => RawGrpcMessage is { } raw ? Uri.UnescapeDataString(raw) : null;

    public Google.Rpc.Status? StatusDetails
    {
        get
        {
            var value = Header("grpc-status-details-bin");
            if (value is null)
            {
                return null;
            }

            var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
            return Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(padded));
        }
    }

    public T Single<T>(MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(Assert.Single(Messages));

    public string? Header(string name)
    {
        if (Trailers.TryGetValues(name, out var trailer))
        {
            return trailer.First();
        }

        return Headers.TryGetValues(name, out var header) ? header.First() : null;
    }
}
