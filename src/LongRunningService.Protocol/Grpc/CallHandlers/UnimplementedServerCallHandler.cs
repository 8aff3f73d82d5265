using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Answers a method that the descriptors declare but no service implements.</summary>
internal sealed class UnimplementedServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
    : ServerCallHandler(method, runtime)
{
    public override Func<IMessage, ServerCallContext, Task<IMessage>>? UnaryInvoker =>
        Method.IsClientStreaming || Method.IsServerStreaming ? null : (_, _) => throw GrpcProtocolErrors.MethodNotImplemented(Path);

    protected override Task HandleCallAsyncCore(GrpcServerCallContext call) =>
        throw GrpcProtocolErrors.MethodNotImplemented(Path);
}
