using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Request and response streams, read and written independently.</summary>
internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
    : ServerCallHandler(method, runtime), IServedDuplexStreaming<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Task ServeAsync(
        global::Grpc.Core.IAsyncStreamReader<TRequest> requests, global::Grpc.Core.IServerStreamWriter<TResponse> responses, global::Grpc.Core.ServerCallContext context) =>
        Served.RunAsync(context, null, async call =>
        {
            await handler(new ServedStreamReader<TRequest>(requests), new ServedStreamWriter<TResponse>(responses, call), call);
            return true;
        });
}
