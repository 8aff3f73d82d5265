using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace LongRunningService.Benchmarks;

/// <summary>
/// The smallest gRPC client the jobs bench needs: unary calls over cleartext
/// HTTP/2 (prior knowledge) on one shared SocketsHttpHandler, status from the
/// trailers. Not a general client: no compression, no metadata.
/// </summary>
internal sealed class UnaryGrpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    public UnaryGrpcClient(string address)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _base = new Uri($"http://{address}");
    }

    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        var payload = request.ToByteArray();
        var body = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(body, 5);

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First() : null;
        if (status != "0")
        {
            var text = response.TrailingHeaders.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.First()) : string.Empty;
            throw new InvalidOperationException($"{method} failed: grpc-status {status ?? "(none)"} {text}");
        }

        if (bytes.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)) != bytes.Length - 5)
        {
            throw new InvalidOperationException($"{method}: the response is not one gRPC message.");
        }

        return parser.ParseFrom(bytes, 5, bytes.Length - 5);
    }

    public void Dispose() => _http.Dispose();
}
