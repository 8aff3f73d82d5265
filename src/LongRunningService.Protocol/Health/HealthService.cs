using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> (grpc/doc/health-checking.md), answered by the
/// package's implementation over the <see cref="HealthStatusBoard"/>: the
/// server as a whole under the name "", and each served service under its
/// full name; NOT_SERVING while the server cannot serve (starting, stopping,
/// or its shared database unreachable).
/// </summary>
internal sealed class HealthService(HealthStatusBoard board) : IGrpcService
{
    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<HealthCheckRequest, HealthCheckResponse>("Check", CheckAsync);
        binder.MapServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);
    }

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        // The package refuses an unknown name with an empty message; ours says which name.
        if (!board.Knows(request.Service))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Service '{ClientText.Prefix(request.Service)}' is not served here."));
        }

        // A readiness condition (a shared database) may have changed since the board last looked.
        board.Refresh();
        return board.Statuses.Check(request, context);
    }

    // Sends the current status, then each change; an unknown service gets SERVICE_UNKNOWN and the
    // stream stays open, as the protocol asks. Shutdown is the last change: the stream gets
    // NOT_SERVING, then ends UNAVAILABLE like every call the shutdown cuts short.
    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // The call's token fires as shutdown begins, maybe before the board has queued NOT_SERVING;
        // the package's Watch ends on its token, so at shutdown that waits for the board.
        using var watchEnds = CancellationTokenSource.CreateLinkedTokenSource(board.WatchesReleased);
        using (context.CancellationToken.Register(() =>
        {
            if (!board.IsStopping)
            {
                watchEnds.Cancel();
            }
        }))
        {
            await board.Statuses.Watch(request, responses, ((ServedCallContext)context).WithCancellation(watchEnds.Token));
        }

        // The package's Watch returns only when its token fires: the client left, the deadline passed or
        // the server is shutting down, each of which ends the call with its own status.
        context.CancellationToken.ThrowIfCancellationRequested();
    }
}
