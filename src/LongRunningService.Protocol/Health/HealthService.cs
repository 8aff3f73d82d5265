using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Health.V1;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Grpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> (grpc/doc/health-checking.md) over the
/// <see cref="HealthStatusBoard"/>: the server as a whole under the name "",
/// and each served service under its full name.
/// </summary>
internal sealed class HealthService(HealthStatusBoard board) : IGrpcService
{
    // The List limit the protocol sets (grpc-proto health.proto).
    private const int MaxListedServices = 100;

    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<HealthCheckRequest, HealthCheckResponse>("Check", CheckAsync);
        binder.MapUnary<HealthListRequest, HealthListResponse>("List", ListAsync);
        binder.MapServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);
    }

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        var status = board.GetStatus(request.Service)
            ?? throw new RpcException(Code.NotFound, $"Service '{ClientText.Prefix(request.Service)}' is not served here.");
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    private Task<HealthListResponse> ListAsync(HealthListRequest request, ServerCallContext context)
    {
        var names = board.ServiceNames.ToList();
        if (names.Count > MaxListedServices)
        {
            throw new RpcException(Code.ResourceExhausted, $"The server reports on {names.Count} services, more than the {MaxListedServices} List may return.");
        }

        var response = new HealthListResponse();
        foreach (var name in names)
        {
            response.Statuses.Add(name, new HealthCheckResponse { Status = board.GetStatus(name)!.Value });
        }

        return Task.FromResult(response);
    }

    // Sends the current status, then each change. The set of served services is fixed at
    // start-up, so an unknown service stays SERVICE_UNKNOWN; the stream still stays open,
    // as the protocol asks. Shutdown is the last change: the stream gets NOT_SERVING, then
    // ends UNAVAILABLE like every call the shutdown cuts short.
    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        ServingStatus? sent = null;
        while (true)
        {
            var nextChange = board.NextChange;
            var status = board.GetStatus(request.Service) ?? ServingStatus.ServiceUnknown;
            if (status != sent)
            {
                // Not the call's token: shutdown cancels it, and the last update must still go out.
                await responses.WriteAsync(new HealthCheckResponse { Status = status }, CancellationToken.None);
                sent = status;
            }

            if (board.IsStopping)
            {
                throw GrpcProtocolErrors.ServerShuttingDown();
            }

            try
            {
                await nextChange.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException) when (board.IsStopping)
            {
                // Shutdown cancelled the call before the board's signal woke us: go round once more to send it.
            }
        }
    }
}
