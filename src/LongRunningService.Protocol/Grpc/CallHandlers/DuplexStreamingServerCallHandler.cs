using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;

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
    public override void AddTo(ServiceMethodProviderContext<ServedMethods> context) =>
        context.AddDuplexStreamingMethod(ServedMethodFactory.Create<TRequest, TResponse>(Method), [], (_, requests, responses, library) =>
            Served.RunAsync(library, null, async call =>
            {
                await handler(new ServedStreamReader<TRequest>(requests), new ServedStreamWriter<TResponse>(responses, call), call);
                return true;
            }));
}
