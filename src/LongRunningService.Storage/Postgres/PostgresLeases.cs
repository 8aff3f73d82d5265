using Microsoft.Extensions.Logging;
using Npgsql;

namespace LongRunningService.Storage.Postgres;

/// <summary>
/// Which server drives which running work. A lease row names the holder and
/// when its hold ends by the database's clock (servers' own clocks may differ).
/// The server that creates work takes its lease in the same transaction; every
/// third of <see cref="PostgresOptions.LeaseDuration"/> each server renews all
/// its leases in one statement and takes over the ones whose hold ended,
/// telling its registry and engine to run that work on from its stored state.
/// So a server that dies loses its work to another within the lease duration
/// plus a third. A failed round is logged and tried again at the next tick.
/// </summary>
internal sealed partial class PostgresLeases(NpgsqlDataSource database, string serverId, TimeSpan duration, Action<char, string> adopted, ILogger logger)
    : IAsyncDisposable
{
    public const char OperationPrefix = 'o';
    public const char JobPrefix = 'j';

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _healthy = true;

    /// <summary>How long a hold lasts unless renewed.</summary>
    public TimeSpan Duration => duration;

    /// <summary>False after a round that could not reach the database, until one does.</summary>
    public bool IsHealthy => _healthy;

    /// <summary>The lease key of a record: its kind's prefix and its name.</summary>
    public static string Key(char prefix, string name) => prefix + name;

    public void Start() => _loop = Task.Run(RenewLoopAsync);

    /// <summary>One round: renews this server's leases and takes over the expired ones; returns how many it took.</summary>
    public async Task<int> RenewAndAdoptAsync(CancellationToken cancellationToken)
    {
        List<string> taken = [];
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            // Renewing touches this server's rows, taking over the others' expired ones: never the same row.
            await using var round = new NpgsqlCommand(
                """
                WITH renewed AS (UPDATE lrs_leases SET expires_at = now() + @duration WHERE holder = @me),
                     taken AS (UPDATE lrs_leases SET holder = @me, expires_at = now() + @duration WHERE holder <> @me AND expires_at < now() RETURNING resource)
                SELECT resource FROM taken
                """, connection);
            round.Parameters.AddWithValue("duration", duration);
            round.Parameters.AddWithValue("me", serverId);
            await using var reader = await round.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                taken.Add(reader.GetString(0));
            }
        }

        foreach (var key in taken.Where(k => k.Length > 1))
        {
            Log.Adopted(logger, key[1..]);
            adopted(key[0], key[1..]);
        }

        return taken.Count;
    }

    /// <summary>Stops renewing; on a clean stop the leases are let go at once, so another server takes the work over at its next round.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using var connection = await database.OpenConnectionAsync(timeout.Token);
            await using var release = new NpgsqlCommand("UPDATE lrs_leases SET expires_at = now() WHERE holder = @me", connection);
            release.Parameters.AddWithValue("me", serverId);
            await release.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            // The leases run out by themselves.
            Log.ReleaseFailed(logger, exception.Message.ReplaceLineEndings(" "));
        }
    }

    private async Task RenewLoopAsync()
    {
        using var ticks = new PeriodicTimer(duration / 3);
        try
        {
            do
            {
                try
                {
                    await RenewAndAdoptAsync(_stopping.Token);
                    if (!_healthy)
                    {
                        Log.Recovered(logger);
                    }

                    _healthy = true;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    // The database is away or the work refused adoption: tried again at the next tick.
                    _healthy = false;
                    Log.RoundFailed(logger, exception.Message.ReplaceLineEndings(" "));
                }
            }
            while (await ticks.WaitForNextTickAsync(_stopping.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "PostgreSQL: renewing and taking over leases failed ({Reason}); trying again at the next round.")]
        public static partial void RoundFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "PostgreSQL: leases renewed again.")]
        public static partial void Recovered(ILogger logger);

        [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "PostgreSQL: leases not let go at stop ({Reason}); they run out by themselves.")]
        public static partial void ReleaseFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "PostgreSQL: took over {Name}, whose server's lease ended; running it on from its stored state.")]
        public static partial void Adopted(ILogger logger, string name);
    }
}
