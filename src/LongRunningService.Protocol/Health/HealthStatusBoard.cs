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
/// and scripts stop sending work before the listener closes).
/// </summary>
internal sealed class HealthStatusBoard : IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Lazy<(HealthServiceImpl Statuses, FrozenSet<string> Names)> _published;
    private readonly CancellationTokenSource _watchesReleased = new();

    // The method table is built from every IGrpcService, the health service among them,
    // so it is looked up on first use rather than injected.
    public HealthStatusBoard(IHostApplicationLifetime lifetime, IServiceProvider services)
        : this(lifetime, () => services.GetRequiredService<GrpcMethodTable>().Services.Select(s => s.FullName))
    {
    }

    /// <summary>A board over the services <paramref name="servedNames"/> names when first asked.</summary>
    internal HealthStatusBoard(IHostApplicationLifetime lifetime, Func<IEnumerable<string>> servedNames)
    {
        _lifetime = lifetime;

        // Whoever comes first (a call before start-up completes, or the lifetime's signal)
        // publishes the current status.
        _published = new(() =>
        {
            var names = servedNames().Prepend(string.Empty).ToFrozenSet(StringComparer.Ordinal);
            var statuses = new HealthServiceImpl();
            Publish(statuses, names, CurrentStatus);
            return (statuses, names);
        });

        lifetime.ApplicationStarted.Register(() => Publish(Statuses, _published.Value.Names, CurrentStatus));
        lifetime.ApplicationStopping.Register(() =>
        {
            Publish(Statuses, _published.Value.Names, ServingStatus.NotServing);

            // NOT_SERVING is queued on every Watch by now; they may end.
            _watchesReleased.Cancel();
        });
    }

    // Read straight from the lifetime's tokens, which are set before their callbacks run:
    // whoever sees a token fire sees the new status too.
    /// <summary>True from the end of start-up until shutdown begins.</summary>
    public bool IsServing => _lifetime.ApplicationStarted.IsCancellationRequested && !IsStopping;

    /// <summary>True once shutdown has begun; the status will not change again.</summary>
    public bool IsStopping => _lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>The package's health service, holding the statuses Check and Watch report.</summary>
    public HealthServiceImpl Statuses => _published.Value.Statuses;

    /// <summary>Fires once shutdown's NOT_SERVING has been handed to every Watch in progress.</summary>
    public CancellationToken WatchesReleased => _watchesReleased.Token;

    /// <summary>True for "" (the server as a whole) and every served service.</summary>
    public bool Knows(string service) => _published.Value.Names.Contains(service);

    public void Dispose() => _watchesReleased.Dispose();

    private ServingStatus CurrentStatus => IsServing ? ServingStatus.Serving : ServingStatus.NotServing;

    private static void Publish(HealthServiceImpl statuses, IEnumerable<string> names, ServingStatus status)
    {
        foreach (var name in names)
        {
            statuses.SetStatus(name, status);
        }
    }
}
