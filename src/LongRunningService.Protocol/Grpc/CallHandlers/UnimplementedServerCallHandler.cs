using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Answers a method that the descriptors declare but no service implements.</summary>
internal sealed class UnimplementedServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
    : ServerCallHandler(method, runtime)
{
    public override Func<IMessage, ServerCallContext, Task<IMessage>>? UnaryInvoker =>
        Method.IsClientStreaming || Method.IsServerStreaming ? null : (_, _) => throw GrpcProtocolErrors.MethodNotImplemented(Path);

    // Added as a unary method whatever its call type: the library then answers it with our status and log line.
    public override void AddTo(ServiceMethodProviderContext<ServedMethods> context) =>
        typeof(UnimplementedServerCallHandler)
            .GetMethod(nameof(AddTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(Method.InputType.ClrType, Method.OutputType.ClrType)
            .Invoke(this, [context]);

    private void AddTyped<TRequest, TResponse>(ServiceMethodProviderContext<ServedMethods> context)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = ServedMethodFactory.Create<TRequest, TResponse>(Method);
        Task<TResponse> Refuse(global::Grpc.Core.ServerCallContext library) =>
            Served.RunAsync<TResponse>(library, null, _ => throw GrpcProtocolErrors.MethodNotImplemented(Path));
        switch (method.Type)
        {
            case global::Grpc.Core.MethodType.Unary:
                context.AddUnaryMethod(method, [], (_, _, library) => Refuse(library));
                break;
            case global::Grpc.Core.MethodType.ServerStreaming:
                context.AddServerStreamingMethod(method, [], (_, _, _, library) => Refuse(library));
                break;
            case global::Grpc.Core.MethodType.ClientStreaming:
                context.AddClientStreamingMethod(method, [], (_, _, library) => Refuse(library));
                break;
            default:
                context.AddDuplexStreamingMethod(method, [], (_, _, _, library) => Refuse(library));
                break;
        }
    }
}
