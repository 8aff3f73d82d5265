using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc.Served;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Grpc;

/// <summary>What every call of the gRPC layer shares: options, clock, logger and the shutdown signal.</summary>
internal sealed class GrpcServerRuntime
{
    public GrpcServerRuntime(
        IOptions<GrpcServerOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<GrpcServerRuntime> logger,
        IEnumerable<IFailureStatus> failureStatuses,
        CallObservers observers)
    {
        Observers = observers;
        FailureStatuses = [.. failureStatuses];
        Options = options.Value;
        TimeProvider = timeProvider;
        ShutdownToken = lifetime.ApplicationStopping;
        Logger = logger;
    }

    public GrpcServerOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public CancellationToken ShutdownToken { get; }

    public ILogger Logger { get; }

    /// <summary>Told of every call when it ends, on every transport.</summary>
    public CallObservers Observers { get; }

    /// <summary>The statuses of handler failures the protocol layer does not know, in registration order.</summary>
    public IReadOnlyList<IFailureStatus> FailureStatuses { get; }
}
