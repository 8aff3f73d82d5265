using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<TRequest, ServerCallContext, Task<TResponse>> handler)
    : ServerCallHandler(method, runtime), IServedUnary<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Task<TResponse> ServeAsync(TRequest request, global::Grpc.Core.ServerCallContext context) =>
        Served.RunAsync(context, request, request, handler);
}
