using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// A deliberately plain gRPC client: HttpClient speaking HTTP/2 with prior
/// knowledge, frames built by hand, trailers read from the response. It shares
/// no code with the server's gRPC layer.
/// </summary>
internal sealed class GrpcTestClient : IDisposable
{
    private readonly HttpClient _http;

    public GrpcTestClient(Uri baseAddress, SocketsHttpHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: handler is null)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TestTimeouts.Default,
        };
    }

    public HttpClient Http => _http;

    /// <summary>Posts a body as-is to a gRPC path and collects the reply.</summary>
    public async Task<GrpcCallResult> SendAsync(
        string path,
        HttpContent body,
        Action<HttpRequestMessage>? configure = null,
        CancellationToken cancellationToken = default)
    {
        // A hand-built request message does not take the client's default version: set it.
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body.Headers.ContentType is null)
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).DefaultTimeout();
        var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken).DefaultTimeout();
        var isGrpc = response.Content.Headers.ContentType?.MediaType == "application/grpc";
        return new GrpcCallResult(
            response.StatusCode,
            response.Headers,
            response.Content.Headers,
            response.TrailingHeaders,
            isGrpc ? GrpcFrames.Split(raw) : [],
            raw);
    }

    public Task<GrpcCallResult> SendAsync(string path, byte[] body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendAsync(path, new ByteArrayContent(body), configure, cancellationToken);

    /// <summary>A unary call that must end OK; returns the single response message.</summary>
    public async Task<TResponse> CallAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser, Action<HttpRequestMessage>? configure = null)
        where TResponse : IMessage<TResponse>
    {
        var result = await CallRawAsync(path, request, configure);
        if (result.StatusCode != Google.Rpc.Code.Ok)
        {
            throw new TestRpcException(result);
        }

        return result.Single(parser);
    }

    public Task<GrpcCallResult> CallRawAsync(string path, IMessage request, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(path, GrpcFrames.Frame(request), configure);

    public void Dispose() => _http.Dispose();
}

/// <summary>A non-OK status from <see cref="GrpcTestClient.CallAsync{TResponse}"/>.</summary>
internal sealed class TestRpcException(GrpcCallResult result)
    : Exception($"gRPC status {result.StatusCode}: {result.GrpcMessage}")
{
    public GrpcCallResult Result { get; } = result;

    public Google.Rpc.Code Code => Result.StatusCode;
}
