using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>One request message in, a stream of response messages out.</summary>
internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
    : ServerCallHandler(method, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task HandleCallAsyncCore(GrpcServerCallContext call)
    {
        var request = await ReadRequestAsync<TRequest>(call);
        await handler(request, new HttpStreamWriter<TResponse>(call), call);
    }
}
