using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// The one mapping from a call's failure to the status its client gets, for
/// transports that log through <see cref="GrpcServerLog"/> (gRPC, gRPC-Web,
/// Connect): logs once, and returns null when the client went away and
/// nobody is left to read a status.
/// </summary>
internal static class CallFailure
{
    public static RpcStatus? ToStatus(Exception exception, string method, GrpcServerRuntime runtime, CancellationToken requestAborted, CancellationToken deadline)
    {
        switch (exception)
        {
            case RpcException rpc:
                GrpcServerLog.CallFailed(runtime.Logger, method, rpc.Code, rpc.Status.Message);
                return rpc.Status;
            case OperationCanceledException when requestAborted.IsCancellationRequested:
                GrpcServerLog.ClientCancelled(runtime.Logger, method);
                return null;
            case OperationCanceledException when deadline.IsCancellationRequested:
                GrpcServerLog.DeadlineExceeded(runtime.Logger, method);
                return GrpcProtocolErrors.DeadlineExceeded().Status;
            case OperationCanceledException when runtime.ShutdownToken.IsCancellationRequested:
                return GrpcProtocolErrors.ServerShuttingDown().Status;
            case OperationCanceledException:
                return GrpcProtocolErrors.CallCancelled().Status;
            default:
                GrpcServerLog.UnhandledException(runtime.Logger, method, exception);
                return GrpcProtocolErrors.UnhandledException(runtime.Options.EnableDetailedErrors ? exception : null).Status;
        }
    }
}
