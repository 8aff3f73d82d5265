using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Request and response streams, read and written independently.</summary>
internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
    : ServerCallHandler(method, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override Task HandleCallAsyncCore(GrpcServerCallContext call) =>
        handler(new HttpStreamReader<TRequest>(call, CreateReader(call)), new HttpStreamWriter<TResponse>(call), call);
}
