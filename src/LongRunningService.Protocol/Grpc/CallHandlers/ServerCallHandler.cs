using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>
/// One method of a served descriptor with its handler: run by the made service
/// type Grpc.AspNetCore serves (gRPC, gRPC-Web, Connect and, through JSON
/// transcoding, REST all reach it there).
/// </summary>
internal abstract class ServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
{
    private ServedCall? _served;

    public MethodDescriptor Method { get; } = method;

    public string Path { get; } = $"/{method.Service.FullName}/{method.Name}";

    protected GrpcServerRuntime Runtime { get; } = runtime;

    /// <summary>Answers a call of this method UNIMPLEMENTED, through our call context, its log line and observers.</summary>
    public Task<TResponse> RefuseAsync<TResponse>(global::Grpc.Core.ServerCallContext library) =>
        Served.RunAsync<TResponse>(library, null, _ => throw GrpcProtocolErrors.MethodNotImplemented(Path));

    /// <summary>Runs the handler of a call the library serves, through our call context.</summary>
    protected ServedCall Served => _served ??= new ServedCall(Path, Runtime, unary: !Method.IsClientStreaming && !Method.IsServerStreaming);
}
