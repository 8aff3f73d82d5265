using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>
/// One method of a served descriptor with its handler: run by the made service
/// type Grpc.AspNetCore serves (gRPC, gRPC-Web and Connect reach it there), and
/// invoked directly, with a decoded request, by the REST transcoder.
/// </summary>
internal abstract class ServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
{
    private ServedCall? _served;

    public MethodDescriptor Method { get; } = method;

    public string Path { get; } = $"/{method.Service.FullName}/{method.Name}";

    protected GrpcServerRuntime Runtime { get; } = runtime;

    /// <summary>
    /// Runs a unary method on an already decoded request, for transports other
    /// the library does not serve (REST). Null for streaming methods.
    /// </summary>
    public virtual Func<IMessage, ServerCallContext, Task<IMessage>>? UnaryInvoker => null;

    /// <summary>Answers a call of this method UNIMPLEMENTED, through our call context, its log line and observers.</summary>
    public Task<TResponse> RefuseAsync<TResponse>(global::Grpc.Core.ServerCallContext library) =>
        Served.RunAsync<TResponse>(library, null, _ => throw GrpcProtocolErrors.MethodNotImplemented(Path));

    /// <summary>Runs the handler of a call the library serves, through our call context.</summary>
    protected ServedCall Served => _served ??= new ServedCall(Path, Runtime);
}
