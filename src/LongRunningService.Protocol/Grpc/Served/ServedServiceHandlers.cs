using Google.Protobuf;
using Grpc.Core;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// The methods of one service of one host, in its descriptor's method order;
/// the made service types call these with the library's call. A method with
/// no handler of its call type answers UNIMPLEMENTED.
/// </summary>
public sealed class ServedServiceHandlers
{
    private readonly ServedMethod[] _methods;

    internal ServedServiceHandlers(ServedMethod[] methods) => _methods = methods;

    public Task<TResponse> Unary<TRequest, TResponse>(int method, TRequest request, ServerCallContext context)
        where TRequest : class
        where TResponse : class =>
        _methods[method] is { Handler: UnaryServerMethod<TRequest, TResponse> handler } served
            ? served.RunAsync(context, request as IMessage, (handler, request), static (s, call) => s.handler(s.request, call))
            : _methods[method].RefuseAsync<TResponse>(context);

    public Task ServerStreaming<TRequest, TResponse>(int method, TRequest request, IServerStreamWriter<TResponse> responses, ServerCallContext context)
        where TRequest : class
        where TResponse : class =>
        _methods[method] is { Handler: ServerStreamingServerMethod<TRequest, TResponse> handler } served
            ? served.RunAsync(context, request as IMessage, (handler, request, responses), static async (s, call) =>
            {
                await s.handler(s.request, s.responses, call);
                return true;
            })
            : _methods[method].RefuseAsync<bool>(context);

    public Task<TResponse> ClientStreaming<TRequest, TResponse>(int method, IAsyncStreamReader<TRequest> requests, ServerCallContext context)
        where TRequest : class
        where TResponse : class =>
        _methods[method] is { Handler: ClientStreamingServerMethod<TRequest, TResponse> handler } served
            ? served.RunAsync(context, null, (handler, requests), static (s, call) => s.handler(s.requests, call))
            : _methods[method].RefuseAsync<TResponse>(context);

    public Task DuplexStreaming<TRequest, TResponse>(
        int method, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses, ServerCallContext context)
        where TRequest : class
        where TResponse : class =>
        _methods[method] is { Handler: DuplexStreamingServerMethod<TRequest, TResponse> handler } served
            ? served.RunAsync(context, null, (handler, requests, responses), static async (s, call) =>
            {
                await s.handler(s.requests, s.responses, call);
                return true;
            })
            : _methods[method].RefuseAsync<bool>(context);
}
