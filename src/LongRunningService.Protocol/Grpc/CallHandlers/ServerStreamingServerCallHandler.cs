using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>One request message in, a stream of response messages out.</summary>
internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
    : ServerCallHandler(method, runtime), IServedServerStreaming<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Task ServeAsync(TRequest request, global::Grpc.Core.IServerStreamWriter<TResponse> responses, global::Grpc.Core.ServerCallContext context) =>
        Served.RunAsync(context, request, async call =>
        {
            await handler(request, new ServedStreamWriter<TResponse>(responses, call), call);
            return true;
        });
}
