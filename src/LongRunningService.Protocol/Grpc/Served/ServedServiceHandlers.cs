using LongRunningService.Protocol.Grpc.CallHandlers;
using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// The handlers of one service of one host, in its descriptor's method order;
/// the made service types call these with the library's call. A method with
/// no handler of its call type answers UNIMPLEMENTED.
/// </summary>
public sealed class ServedServiceHandlers
{
    private readonly ServerCallHandler[] _handlers;

    internal ServedServiceHandlers(ServerCallHandler[] handlers) => _handlers = handlers;

    public Task<TResponse> Unary<TRequest, TResponse>(int method, TRequest request, LibraryContext context)
        where TRequest : class
        where TResponse : class =>
        _handlers[method] is IServedUnary<TRequest, TResponse> handler
            ? handler.ServeAsync(request, context)
            : _handlers[method].RefuseAsync<TResponse>(context);

    public Task ServerStreaming<TRequest, TResponse>(int method, TRequest request, global::Grpc.Core.IServerStreamWriter<TResponse> responses, LibraryContext context)
        where TRequest : class
        where TResponse : class =>
        _handlers[method] is IServedServerStreaming<TRequest, TResponse> handler
            ? handler.ServeAsync(request, responses, context)
            : _handlers[method].RefuseAsync<bool>(context);

    public Task<TResponse> ClientStreaming<TRequest, TResponse>(int method, global::Grpc.Core.IAsyncStreamReader<TRequest> requests, LibraryContext context)
        where TRequest : class
        where TResponse : class =>
        _handlers[method] is IServedClientStreaming<TRequest, TResponse> handler
            ? handler.ServeAsync(requests, context)
            : _handlers[method].RefuseAsync<TResponse>(context);

    public Task DuplexStreaming<TRequest, TResponse>(
        int method, global::Grpc.Core.IAsyncStreamReader<TRequest> requests, global::Grpc.Core.IServerStreamWriter<TResponse> responses, LibraryContext context)
        where TRequest : class
        where TResponse : class =>
        _handlers[method] is IServedDuplexStreaming<TRequest, TResponse> handler
            ? handler.ServeAsync(requests, responses, context)
            : _handlers[method].RefuseAsync<bool>(context);
}
