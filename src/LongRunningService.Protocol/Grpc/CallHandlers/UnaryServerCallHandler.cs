using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    MethodDescriptor method,
    GrpcServerRuntime runtime,
    Func<TRequest, ServerCallContext, Task<TResponse>> handler)
    : ServerCallHandler(method, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override Func<IMessage, ServerCallContext, Task<IMessage>> UnaryInvoker { get; } =
        (request, context) => TaskConversion.As<TResponse, IMessage>(handler((TRequest)request, context));

    public override void AddTo(ServiceMethodProviderContext<ServedMethods> context) =>
        context.AddUnaryMethod(ServedMethodFactory.Create<TRequest, TResponse>(Method), [], (_, request, library) =>
            Served.RunAsync(library, request, request, handler));
}
