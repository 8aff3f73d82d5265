using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LongRunningService.Storage.Postgres;

/// <summary>
/// What servers sharing a database tell each other: every change a store
/// commits sends one NOTIFY on <see cref="Channel"/> inside its transaction
/// (so it is heard only if the change is kept), saying which server made it,
/// what kind of record and which one. Each server listens on a connection of
/// its own and hears the others' changes within milliseconds, with no polling.
/// What is heard is queued and handed on in batches, in the order heard: while
/// one batch is applied the next gathers, so a burst of changes costs one read
/// of the records it names, not one each, and this server never falls behind.
/// A dropped connection is logged and opened again with growing pauses; when
/// it is back, the resynchronize action (run in the queue's order) reads what
/// changed meanwhile unheard, and the feed counts as listening only once that is done.
/// </summary>
internal sealed partial class PostgresChangeFeed(NpgsqlDataSource database, string serverId, Action<IReadOnlyList<PostgresChange>> changed, Action resynchronize, ILogger logger)
    : IAsyncDisposable
{
    public const string Channel = "lrs_changes";

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    // Most changes handed on at once (each batch reads the records it names in one query per kind).
    private const int MaxBatch = 1000;

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<Heard> _heard = System.Threading.Channels.Channel.CreateUnbounded<Heard>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;
    private Task _dispatch = Task.CompletedTask;
    private volatile bool _listening;

    /// <summary>True while the listening connection is open.</summary>
    public bool IsListening => _listening;

    /// <summary>Starts listening; the returned task completes once the first LISTEN is in place (or fails after a while, the feed still retrying).</summary>
    public Task StartAsync()
    {
        _dispatch = Task.Run(DispatchLoopAsync);
        _loop = Task.Run(ListenLoopAsync);
        return _firstListen.Task;
    }

    /// <summary>The NOTIFY payload for a change this server makes.</summary>
    public static string Payload(string serverId, char kind, string name) => $"{kind}{serverId}:{name}";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _heard.Writer.TryComplete();
        await _dispatch;
        _stopping.Dispose();
    }

    private async Task ListenLoopAsync()
    {
        var pause = FirstPause;
        var heardBefore = false;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(_stopping.Token);
                connection.Notification += (_, e) => Queue(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stopping.Token);
                }

                // Back after a gap: what changed meanwhile is read before this server counts as listening
                // again; a failure to read it counts as the connection's, and is retried with it.
                if (heardBefore)
                {
                    var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _heard.Writer.TryWrite(new Heard(default, caughtUp));
                    await caughtUp.Task.WaitAsync(_stopping.Token);
                    Log.Reconnected(logger);
                }

                _listening = true;
                pause = FirstPause;

                heardBefore = true;
                _firstListen.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(_stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Whatever went wrong (the database restarted, the network dropped), listen again after a pause.
                _listening = false;
                Log.ListenFailed(logger, pause.TotalMilliseconds, exception.Message.ReplaceLineEndings(" "));
                try
                {
                    await Task.Delay(pause, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }

        _listening = false;
    }

    private void Queue(string payload)
    {
        if (PostgresChange.TryParse(payload, out var change) && change.ServerId != serverId)
        {
            _heard.Writer.TryWrite(new Heard(change, null));
        }
    }

    // Hands on what was heard, a batch at a time: every change queued since the last batch, up to a
    // request to resynchronize, which runs on its own after the changes heard before it.
    private async Task DispatchLoopAsync()
    {
        var batch = new List<PostgresChange>();
        while (await _heard.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _heard.Reader.TryPeek(out var next) && (next.CaughtUp is null || batch.Count == 0))
            {
                _heard.Reader.TryRead(out _);
                if (next.CaughtUp is { } caughtUp)
                {
                    Resynchronize(caughtUp);
                    break;
                }

                batch.Add(next.Change);
            }

            if (batch.Count > 0)
            {
                try
                {
                    changed(batch);
                }
                catch (Exception exception)
                {
                    Log.DispatchFailed(logger, exception);
                }

                batch.Clear();
            }
        }
    }

    private void Resynchronize(TaskCompletionSource caughtUp)
    {
        try
        {
            resynchronize();
            caughtUp.TrySetResult();
        }
        catch (Exception exception)
        {
            // Counts as the connection's failure: the listening loop opens it again and asks once more.
            caughtUp.TrySetException(exception);
        }
    }

    // A change heard, or (with CaughtUp set) a request to read everything again after a gap.
    private readonly record struct Heard(PostgresChange Change, TaskCompletionSource? CaughtUp);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "PostgreSQL: listening for other servers' changes failed ({Reason}); trying again in {PauseMs} ms.")]
        public static partial void ListenFailed(ILogger logger, double pauseMs, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "PostgreSQL: listening for other servers' changes again.")]
        public static partial void Reconnected(ILogger logger);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "PostgreSQL: changes another server made could not be applied here.")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);
    }
}

/// <summary>
/// A change another server made: <see cref="Kind"/> is 'o' (an operation), 'j' (a job), 'c' (the clock)
/// or 'r' (operations created in one change too big to name one by one; <see cref="Name"/> is then the
/// range of their sequences, <c>first-last</c>).
/// </summary>
internal readonly record struct PostgresChange(char Kind, string ServerId, string Name)
{
    public const char Operation = 'o';
    public const char Job = 'j';
    public const char Clock = 'c';
    public const char OperationRange = 'r';

    public static bool TryParse(string payload, out PostgresChange change)
    {
        change = default;
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (payload.Length < 2 || colon < 1 || payload[0] is not (Operation or Job or Clock or OperationRange))
        {
            return false;
        }

        change = new PostgresChange(payload[0], payload[1..colon], payload[(colon + 1)..]);
        return true;
    }

    /// <summary>The name of an <see cref="OperationRange"/> change: sequences from first to last.</summary>
    public static string Range(long first, long last) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first}-{last}");

    /// <summary>The sequences an <see cref="OperationRange"/> change names.</summary>
    public bool TryGetRange(out long first, out long last)
    {
        first = last = 0;
        var dash = Name.IndexOf('-', StringComparison.Ordinal);
        return Kind == OperationRange && dash > 0
            && long.TryParse(Name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first)
            && long.TryParse(Name.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out last)
            && first <= last;
    }
}
