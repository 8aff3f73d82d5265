using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>A stream of request messages in, one response message out.</summary>
internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
    : ServerCallHandler(method, runtime), IServedClientStreaming<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Task<TResponse> ServeAsync(global::Grpc.Core.IAsyncStreamReader<TRequest> requests, global::Grpc.Core.ServerCallContext context) =>
        Served.RunAsync(context, null, call => handler(new ServedStreamReader<TRequest>(requests), call));
}
