using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>
/// A method that the descriptors declare but no service implements: routed like
/// every other, it answers UNIMPLEMENTED with our status and log line.
/// </summary>
internal sealed class UnimplementedServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
    : ServerCallHandler(method, runtime);
