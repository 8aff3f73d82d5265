using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;

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
    public override void AddTo(ServiceMethodProviderContext<ServedMethods> context) =>
        context.AddClientStreamingMethod(ServedMethodFactory.Create<TRequest, TResponse>(Method), [], (_, requests, library) =>
            Served.RunAsync(library, null, call => handler(new ServedStreamReader<TRequest>(requests), call)));
}
