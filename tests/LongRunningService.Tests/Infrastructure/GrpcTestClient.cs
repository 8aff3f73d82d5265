using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Net.Client;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// A test's connection to the server: a Grpc.Net.Client channel for ordinary
/// calls through generated clients (<see cref="Channel"/>), and the same
/// HttpClient for raw HTTP/2 requests, frames built by hand, for what a
/// well-behaved client cannot send (malformed frames, bad headers,
/// compression flags) or to read the wire exactly.
/// </summary>
internal sealed class GrpcTestClient : IDisposable
{
    private readonly HttpClient _http;
    private GrpcChannel? _channel;

    public GrpcTestClient(Uri baseAddress, SocketsHttpHandler? handler = null, TimeSpan? timeout = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: handler is null)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout ?? TestTimeouts.Default,
        };
    }

    public HttpClient Http => _http;

    /// <summary>A channel over the same connections, for generated clients.</summary>
    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(_http.BaseAddress!, new GrpcChannelOptions { HttpClient = _http });

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

    /// <summary>
    /// A unary call by path through the channel, for methods no typed test client
    /// wraps; a status other than OK throws the client's <see cref="RpcException"/>.
    /// </summary>
    public async Task<TResponse> CallAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser, global::Grpc.Core.Metadata? headers = null)
        where TResponse : class, IMessage<TResponse> =>
        parser.ParseFrom(await CallForBytesAsync(path, request, headers));

    /// <summary>The status a unary call by path through the channel ends with, whatever it is.</summary>
    public async Task<Google.Rpc.Code> StatusOfAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        try
        {
            await CallAsync(path, request, parser);
            return Google.Rpc.Code.Ok;
        }
        catch (global::Grpc.Core.RpcException exception)
        {
            return (Google.Rpc.Code)exception.StatusCode;
        }
    }

    /// <summary>A unary call by path through the channel, whatever status it ends with.</summary>
    public async Task<CallStatus> CallForStatusAsync(string path, IMessage request, global::Grpc.Core.Metadata? headers = null)
    {
        try
        {
            return new CallStatus(Google.Rpc.Code.Ok, null, null, await CallForBytesAsync(path, request, headers));
        }
        catch (global::Grpc.Core.RpcException exception)
        {
            return new CallStatus(exception.Code(), exception.Status.Detail, exception.StatusDetails(), null);
        }
    }

    public Task<GrpcCallResult> CallRawAsync(string path, IMessage request, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(path, GrpcFrames.Frame(request), configure);

    /// <summary>A raw unary call with headers set by hand (ones a well-behaved client would not send) that must end OK.</summary>
    public async Task<TResponse> CallRawOkAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser, Action<HttpRequestMessage> configure)
        where TResponse : IMessage<TResponse>
    {
        var result = await CallRawAsync(path, request, configure);
        Assert.True(result.StatusCode == Google.Rpc.Code.Ok, $"gRPC status {result.StatusCode}: {result.GrpcMessage}");
        return result.Single(parser);
    }

    // The response as its bytes, whatever the method's message.
    private async Task<byte[]> CallForBytesAsync(string path, IMessage request, global::Grpc.Core.Metadata? headers)
    {
        var slash = path.LastIndexOf('/');
        var method = new global::Grpc.Core.Method<IMessage, byte[]>(
            global::Grpc.Core.MethodType.Unary,
            path[1..slash],
            path[(slash + 1)..],
            global::Grpc.Core.Marshallers.Create<IMessage>(message => message.ToByteArray(), _ => throw new NotSupportedException("Requests are only written.")),
            global::Grpc.Core.Marshallers.Create(bytes => bytes, bytes => bytes));
        return await Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new global::Grpc.Core.CallOptions(headers), request);
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _http.Dispose();
    }
}
