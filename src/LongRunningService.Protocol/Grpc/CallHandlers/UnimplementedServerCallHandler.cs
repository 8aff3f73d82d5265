using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Answers a method that the descriptors declare but no service implements.</summary>
internal sealed class UnimplementedServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
    : ServerCallHandler(method, runtime)
{
    protected override Task HandleCallAsyncCore(GrpcServerCallContext call) =>
        throw GrpcProtocolErrors.MethodNotImplemented(Path);
}
