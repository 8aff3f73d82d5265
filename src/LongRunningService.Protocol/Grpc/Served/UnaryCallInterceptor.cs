using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// An interceptor of the unary calls of every protocol, in the terms of our
/// handlers: the method's descriptor, the request as a message and the call
/// context <see cref="ServedCallInterceptor"/> made. Streaming calls pass
/// untouched. It may observe the call, delay it, or end it by throwing an
/// <see cref="RpcException"/> (or the library's).
/// </summary>
internal abstract class UnaryCallInterceptor(GrpcMethodTable methods) : Interceptor
{
    public sealed override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, LibraryContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        request is IMessage message
            && methods.TryGetHandler(context.Method, out var handler)
            && ServedCallInterceptor.CallOf(context) is { } call
                ? InterceptAsync(handler.Method, message, call, new UnaryNext<TRequest, TResponse>(request, context, continuation))
                : continuation(request, context);

    /// <summary>Runs around the rest of the call, <paramref name="next"/>: later interceptors, then the handler.</summary>
    protected abstract Task<TResponse> InterceptAsync<TResponse>(MethodDescriptor method, IMessage request, ServerCallContext call, IUnaryNext<TResponse> next);

    /// <summary>The rest of a unary call.</summary>
    protected internal interface IUnaryNext<TResponse>
    {
        Task<TResponse> RunAsync();
    }

    private sealed class UnaryNext<TRequest, TResponse>(TRequest request, LibraryContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        : IUnaryNext<TResponse>
        where TRequest : class
        where TResponse : class
    {
        public Task<TResponse> RunAsync() => continuation(request, context);
    }
}
