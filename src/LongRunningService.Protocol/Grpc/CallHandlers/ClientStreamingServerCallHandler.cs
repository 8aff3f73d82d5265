using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>A stream of request messages in, one response message out.</summary>
internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
    : ServerCallHandler(method, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task HandleCallAsyncCore(GrpcServerCallContext call)
    {
        var reader = new HttpStreamReader<TRequest>(call, CreateReader(call));
        var response = await handler(reader, call);
        call.WriteMessage(response);
    }
}
