using System.Collections.Frozen;
using LongRunningService.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// The serving status of the server and of each served service, which follows
/// the host's lifetime: NOT_SERVING until start-up completes, SERVING while the
/// server runs, NOT_SERVING from the moment shutdown begins (so that load
/// balancers and scripts stop sending work before the listener closes).
/// </summary>
internal sealed class HealthStatusBoard
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Lazy<FrozenSet<string>> _serviceNames;
    private TaskCompletionSource _nextChange = NewChangeSignal();

    public HealthStatusBoard(IHostApplicationLifetime lifetime, IServiceProvider services)
    {
        _lifetime = lifetime;

        // The method table is built from every IGrpcService, the health service among them,
        // so it is looked up on first use rather than injected.
        _serviceNames = new Lazy<FrozenSet<string>>(
            () => services.GetRequiredService<GrpcMethodTable>().Services.Select(s => s.FullName).ToFrozenSet(StringComparer.Ordinal));

        lifetime.ApplicationStarted.Register(SignalChange);
        lifetime.ApplicationStopping.Register(SignalChange);
    }

    // Read straight from the lifetime's tokens, which are set before their callbacks run:
    // whoever sees a token fire sees the new status too.
    /// <summary>True from the end of start-up until shutdown begins.</summary>
    public bool IsServing => _lifetime.ApplicationStarted.IsCancellationRequested && !IsStopping;

    /// <summary>True once shutdown has begun; the status will not change again.</summary>
    public bool IsStopping => _lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Completes at the next status change. Take it before reading a status, so no change slips between the two.</summary>
    public Task NextChange => Volatile.Read(ref _nextChange).Task;

    /// <summary>The names Check and Watch know: "" (the server as a whole) and every served service.</summary>
    public IEnumerable<string> ServiceNames => _serviceNames.Value.Order(StringComparer.Ordinal).Prepend(string.Empty);

    /// <summary>The status of the server ("") or of a served service; null for a name the server does not serve.</summary>
    public ServingStatus? GetStatus(string service)
    {
        if (service.Length != 0 && !_serviceNames.Value.Contains(service))
        {
            return null;
        }

        return IsServing ? ServingStatus.Serving : ServingStatus.NotServing;
    }

    private static TaskCompletionSource NewChangeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalChange() => Interlocked.Exchange(ref _nextChange, NewChangeSignal()).TrySetResult();
}
