using System.Collections.Frozen;
using Grpc.HealthCheck;
using LongRunningService.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// The serving status of the server ("") and of each served service, kept in
/// the package's <see cref="HealthServiceImpl"/>, following the host's
/// lifetime: NOT_SERVING until start-up completes, SERVING while the server
/// runs, NOT_SERVING from the moment shutdown begins (so that load balancers
/// and scripts stop sending work before the listener closes). While an
/// <see cref="IReadinessCondition"/> (a shared database) is not met, the
/// status is NOT_SERVING too: conditions are read on every Check and once a
/// second for Watch.
/// </summary>
internal sealed class HealthStatusBoard : IDisposable
{
    private static readonly TimeSpan ConditionPeriod = TimeSpan.FromSeconds(1);

    private readonly IHostApplicationLifetime _lifetime;
    private readonly IReadinessCondition[] _conditions;
    private readonly Lazy<(HealthServiceImpl Statuses, FrozenSet<string> Names)> _published;
    private readonly CancellationTokenSource _watchesReleased = new();
    private readonly Lock _gate = new();
    private readonly Timer? _conditionTimer;
    private ServingStatus _status;

    // The method table is built from every IGrpcService, the health service among them,
    // so it is looked up on first use rather than injected.
    public HealthStatusBoard(IHostApplicationLifetime lifetime, IServiceProvider services)
        : this(lifetime, () => services.GetRequiredService<GrpcMethodTable>().Services.Select(s => s.FullName), services.GetServices<IReadinessCondition>())
    {
    }

    /// <summary>A board over the services <paramref name="servedNames"/> names when first asked, serving only while every one of <paramref name="conditions"/> is ready.</summary>
    internal HealthStatusBoard(IHostApplicationLifetime lifetime, Func<IEnumerable<string>> servedNames, IEnumerable<IReadinessCondition>? conditions = null)
    {
        _lifetime = lifetime;
        _conditions = [.. conditions ?? []];

        // Whoever comes first (a call before start-up completes, or the lifetime's signal)
        // publishes the current status.
        _published = new(() =>
        {
            var names = servedNames().Prepend(string.Empty).ToFrozenSet(StringComparer.Ordinal);
            var statuses = new HealthServiceImpl();
            _status = CurrentStatus;
            Publish(statuses, names, _status);
            return (statuses, names);
        });

        lifetime.ApplicationStarted.Register(Refresh);
        lifetime.ApplicationStopping.Register(() =>
        {
            Refresh();

            // NOT_SERVING is queued on every Watch by now; they may end.
            _watchesReleased.Cancel();
        });

        if (_conditions.Length > 0)
        {
            _conditionTimer = new Timer(_ => RefreshSafely(), null, ConditionPeriod, ConditionPeriod);
        }
    }

    // Read straight from the lifetime's tokens, which are set before their callbacks run:
    // whoever sees a token fire sees the new status too.
    /// <summary>True from the end of start-up until shutdown begins.</summary>
    public bool IsServing => _lifetime.ApplicationStarted.IsCancellationRequested && !IsStopping;

    /// <summary>True once shutdown has begun; the status will not change again.</summary>
    public bool IsStopping => _lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>True while every readiness condition is met.</summary>
    public bool IsReady => _conditions.All(c => c.IsReady);

    /// <summary>The package's health service, holding the statuses Check and Watch report.</summary>
    public HealthServiceImpl Statuses => _published.Value.Statuses;

    /// <summary>Fires once shutdown's NOT_SERVING has been handed to every Watch in progress.</summary>
    public CancellationToken WatchesReleased => _watchesReleased.Token;

    /// <summary>True for "" (the server as a whole) and every served service.</summary>
    public bool Knows(string service) => _published.Value.Names.Contains(service);

    /// <summary>Publishes the status again when the lifetime or a readiness condition changed it.</summary>
    public void Refresh()
    {
        var (statuses, names) = _published.Value;
        lock (_gate)
        {
            var status = CurrentStatus;
            if (status != _status)
            {
                _status = status;
                Publish(statuses, names, status);
            }
        }
    }

    public void Dispose()
    {
        _conditionTimer?.Dispose();
        _watchesReleased.Dispose();
    }

    private ServingStatus CurrentStatus => IsServing && IsReady ? ServingStatus.Serving : ServingStatus.NotServing;

    // A timer callback: nothing may escape it (a condition that throws counts as not ready next time).
    private void RefreshSafely()
    {
        try
        {
            Refresh();
        }
        catch (Exception)
        {
        }
    }

    private static void Publish(HealthServiceImpl statuses, IEnumerable<string> names, ServingStatus status)
    {
        foreach (var name in names)
        {
            statuses.SetStatus(name, status);
        }
    }
}
