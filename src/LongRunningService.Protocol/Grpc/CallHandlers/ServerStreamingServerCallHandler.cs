using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;

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
    public override void AddTo(ServiceMethodProviderContext<ServedMethods> context) =>
        context.AddServerStreamingMethod(ServedMethodFactory.Create<TRequest, TResponse>(Method), [], (_, request, stream, library) =>
            Served.RunAsync(library, request, async call =>
            {
                await handler(request, new ServedStreamWriter<TResponse>(stream, call), call);
                return true;
            }));
}
