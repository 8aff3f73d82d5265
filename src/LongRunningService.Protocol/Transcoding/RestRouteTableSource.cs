using Microsoft.Extensions.Hosting;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The REST route table, built once on the thread pool: some 900 bindings from the methods'
/// HTTP rules and the service configs, built while the host finishes starting rather than before it.
/// </summary>
internal sealed class RestRouteTableSource(Func<RestRouteTable> build)
{
    private readonly Lazy<Task<RestRouteTable>> _table = new(() => Task.Run(build), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The table; building starts on first use if <see cref="Start"/> was not called.</summary>
    public Task<RestRouteTable> Table => _table.Value;

    public void Start() => _ = _table.Value;
}

/// <summary>
/// Holds the end of start-up until the REST route table is built, so readiness and the start-up
/// announcement come after it, and a table that cannot be built stops the start with its message.
/// </summary>
internal sealed class RestRouteTableReadiness(RestRouteTableSource source) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        source.Start();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => source.Table.WaitAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
