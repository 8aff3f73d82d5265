using Google.LongRunning;
using Google.Protobuf;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Storage.Postgres;

/// <summary>
/// The store in a PostgreSQL database that several servers may share. Every
/// change is one statement batch, which PostgreSQL runs as one transaction,
/// committed before the call that made it answers, together with the NOTIFY
/// that tells the other servers (<see cref="PostgresChangeFeed"/>). Finishing
/// is conditional on the stored record not being done, so racing servers
/// finish nothing twice. Times are stored as .NET ticks, exact to the tick.
/// </summary>
internal sealed class PostgresStateStore : IStateStore
{
    // Most NOTIFYs one change sends (a batch creation, a reset). A bigger creation is announced by one
    // NOTIFY naming the range of its sequences, which other servers read by range; other servers hear of
    // a bigger removal only as they read its names through, which keeps removed ones they hold.
    private const int MaxNoticesPerChange = 100_000;

    private const string OperationColumns =
        "name, sequence, api, state, done, completed_ticks, cancel_requested, work_kind, work_payload, work_started_ticks";

    private const string JobColumns =
        "name, type_name, parent, sequence, resource, queued_ticks, pending_ticks, running_ticks, fails, failure_code, ignore_cancellation, "
        + "cancel_delay_ticks, timeline_start_ticks, state, ended, create_ticks, start_ticks, end_ticks, update_ticks, error, "
        + "history_states, history_ticks, finished_unit_ticks, deleting";

    // Positions of the order of creation this server reserves at a time.
    private const int SequenceBlock = 1000;

    // The advisory lock under which servers reserve blocks of lrs_sequence ("lrs_seq" in ASCII).
    private const long SequenceLock = 0x6C72735F736571;

    // The row of lrs_meta that holds the page token key, in base64.
    private const string PageTokenKeyName = "page_token_key";

    private readonly NpgsqlDataSource _database;
    private readonly string _where;
    private readonly ILogger _logger;
    private readonly PostgresChangeFeed _feed;
    private readonly PostgresLeases _leases;
    private IStateStoreListener? _listener;
    private IWorkAdopter? _adopter;
    private readonly SequenceBlocks _sequences = new(SequenceBlock);
    private readonly HashSet<string> _drivenAtLoad = new(StringComparer.Ordinal);
    private int _disposed;

    public PostgresStateStore(NpgsqlDataSource database, string where, PostgresOptions options, ILogger<PostgresStateStore> logger)
    {
        _database = database;
        _where = where;
        _logger = logger;
        ServerId = options.ServerName is { Length: > 0 } name ? name : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        _feed = new PostgresChangeFeed(database, ServerId, Heard, Resynchronize, logger);
        _leases = new PostgresLeases(database, ServerId, options.LeaseDuration, Adopted, logger);
    }

    /// <summary>The leases this server holds on running work and takes over from servers that died.</summary>
    public PostgresLeases Leases => _leases;

    /// <summary>True while the database answers: the change feed listens and the last lease round went through.</summary>
    public bool IsHealthy => _feed.IsListening && _leases.IsHealthy;

    /// <summary>This server's name among those sharing the database: its changes' NOTIFYs carry it, and its leases.</summary>
    public string ServerId { get; }

    /// <summary>True while this server hears the others' changes.</summary>
    public bool IsListening => _feed.IsListening;

    public string Kind => "postgres";

    public string Setting => _where;

    public bool KeepsRecords => true;

    public NpgsqlDataSource Database => _database;

    public StoredState Load() => Run(connection =>
    {
        // This server drives the loaded work whose lease is free (never taken, or run out: its server
        // died, or let it go at a clean stop) or is its own, held under its name before a restart.
        // Other live leases stay with their servers.
        _drivenAtLoad.Clear();
        using (var claim = new NpgsqlCommand(
            $"""
            INSERT INTO lrs_leases AS l (resource, holder, expires_at)
            SELECT '{PostgresLeases.OperationPrefix}' || name, @me, now() + @duration FROM lrs_operations WHERE NOT done AND work_kind IS NOT NULL
            UNION ALL
            SELECT '{PostgresLeases.JobPrefix}' || name, @me, now() + @duration FROM lrs_jobs WHERE NOT ended
            ON CONFLICT (resource) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at WHERE l.expires_at < now() OR l.holder = @me
            RETURNING resource
            """, connection))
        {
            claim.Parameters.AddWithValue("me", ServerId);
            claim.Parameters.AddWithValue("duration", _leases.Duration);
            using var reader = claim.ExecuteReader();
            while (reader.Read())
            {
                _drivenAtLoad.Add(reader.GetString(0));
            }
        }

        var operations = ReadAll(connection, $"SELECT {OperationColumns} FROM lrs_operations ORDER BY sequence", ReadOperation);
        var jobs = ReadAll(connection, $"SELECT {JobColumns} FROM lrs_jobs ORDER BY sequence", ReadJob);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var read = new NpgsqlCommand("SELECT counter, last FROM lrs_counters", connection))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                counters[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new StoredState(operations, jobs, ReadClock(connection), counters, PageTokenKey(connection));
    });

    public bool DrivesLoaded(string name) =>
        _drivenAtLoad.Contains(PostgresLeases.Key(PostgresLeases.OperationPrefix, name))
        || _drivenAtLoad.Contains(PostgresLeases.Key(PostgresLeases.JobPrefix, name));

    // Positions come in blocks, so most creations cost no round trip for theirs. A block is taken from
    // lrs_sequence in one statement, under a lock every server takes for it, so blocks never overlap.
    public long NextSequences(int count) => _sequences.Take(count, (_, size) => Run(connection =>
    {
        using var reserve = new NpgsqlCommand(
            """
            WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(@lock))
            SELECT setval('lrs_sequence', nextval('lrs_sequence') + @size - 1) - @size + 1 FROM locked
            """, connection);
        reserve.Parameters.AddWithValue("lock", SequenceLock);
        reserve.Parameters.AddWithValue("size", (long)size);
        return (long)reserve.ExecuteScalar()!;
    }));

    public long ReserveIds(string counter, long after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Run(connection =>
        {
            using var reserve = new NpgsqlCommand(
                """
                INSERT INTO lrs_counters AS c (counter, last) VALUES (@counter, @after + @count)
                ON CONFLICT (counter) DO UPDATE SET last = GREATEST(c.last, @after) + @count
                RETURNING last - @count + 1
                """, connection);
            reserve.Parameters.AddWithValue("counter", counter);
            reserve.Parameters.AddWithValue("after", after);
            reserve.Parameters.AddWithValue("count", (long)count);
            return (long)reserve.ExecuteScalar()!;
        });
    }

    public void InsertOperations(IReadOnlyList<StoredOperation> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var insert = new NpgsqlBatchCommand(
            $"""
            INSERT INTO lrs_operations ({OperationColumns})
            SELECT * FROM unnest(@names, @sequences, @apis, @states, @done, @completed, @cancel, @kinds, @payloads, @started)
            """);
        insert.Parameters.AddWithValue("names", operations.Select(o => o.Name).ToArray());
        insert.Parameters.AddWithValue("sequences", operations.Select(o => o.Sequence).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("apis", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = operations.Select(o => (object?)o.Api ?? DBNull.Value).ToArray() });
        insert.Parameters.AddWithValue("states", operations.Select(o => o.State.ToByteArray()).ToArray());
        insert.Parameters.AddWithValue("done", operations.Select(o => o.State.Done).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = operations.Select(o => Ticks(o.CompletedAt)).ToArray() });
        insert.Parameters.AddWithValue("cancel", operations.Select(o => o.CancelRequested).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = operations.Select(o => (object?)o.Work?.Kind ?? DBNull.Value).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = operations.Select(o => (object?)o.Work?.Payload.ToByteArray() ?? DBNull.Value).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("started", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = operations.Select(o => Ticks(o.Work?.StartedAt)).ToArray() });
        // The creating server drives the work it can resume, under a lease taken in the same transaction.
        var driven = operations.Where(o => !o.State.Done && o.Work is not null).Select(o => PostgresLeases.Key(PostgresLeases.OperationPrefix, o.Name)).ToArray();
        try
        {
            Change([insert, .. TakeLeases(driven), .. CreationNotices(operations)]);
        }
        catch (StateStoreException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new OperationAlreadyExistsException(FirstStored("lrs_operations", operations.Select(o => o.Name)) ?? operations[0].Name);
        }
    }

    public void PublishOperation(string name, Operation state)
    {
        var update = new NpgsqlBatchCommand("UPDATE lrs_operations SET state = @state WHERE name = @name AND NOT done RETURNING name");
        update.Parameters.AddWithValue("name", name);
        update.Parameters.AddWithValue("state", state.ToByteArray());
        ChangeIfMatched(update, PostgresChange.Operation, name);
    }

    public bool CompleteOperation(string name, Operation final, DateTimeOffset completedAt)
    {
        var complete = new NpgsqlBatchCommand(
            """
            UPDATE lrs_operations SET state = @state, done = true, completed_ticks = @completed, work_kind = NULL, work_payload = NULL, work_started_ticks = NULL
            WHERE name = @name AND NOT done RETURNING name
            """);
        complete.Parameters.AddWithValue("name", name);
        DropLease(complete, PostgresLeases.OperationPrefix, name);
        complete.Parameters.AddWithValue("state", final.ToByteArray());
        complete.Parameters.AddWithValue("completed", completedAt.UtcTicks);
        return ChangeIfMatched(complete, PostgresChange.Operation, name);
    }

    public bool RequestOperationCancel(string name)
    {
        var cancel = new NpgsqlBatchCommand("UPDATE lrs_operations SET cancel_requested = true WHERE name = @name AND NOT done RETURNING name");
        cancel.Parameters.AddWithValue("name", name);
        return ChangeIfMatched(cancel, PostgresChange.Operation, name);
    }

    public void DeleteOperations(IReadOnlyCollection<string> names) => Delete("lrs_operations", PostgresChange.Operation, names);

    public void InsertJob(StoredJob job)
    {
        var insert = new NpgsqlBatchCommand(
            $"""
            INSERT INTO lrs_jobs ({JobColumns}) VALUES (@name, @type, @parent, @sequence, @resource, @queued, @pending, @running, @fails, @code,
                @ignore, @cancel_delay, @timeline, @state, @ended, @create, @start, @end, @update, @error, @history_states, @history_ticks, @units, @deleting)
            """);
        insert.Parameters.AddWithValue("name", job.Name);
        insert.Parameters.AddWithValue("type", job.TypeName);
        insert.Parameters.AddWithValue("parent", job.Parent);
        insert.Parameters.AddWithValue("sequence", job.Sequence);
        insert.Parameters.AddWithValue("resource", job.Resource.ToByteArray());
        insert.Parameters.AddWithValue("queued", job.Script.Queued.Ticks);
        insert.Parameters.AddWithValue("pending", job.Script.Pending.Ticks);
        insert.Parameters.AddWithValue("running", job.Script.Running.Ticks);
        insert.Parameters.AddWithValue("fails", job.Script.Fails);
        insert.Parameters.AddWithValue("code", (int)job.Script.FailureCode);
        insert.Parameters.AddWithValue("ignore", job.Script.IgnoreCancellation);
        insert.Parameters.AddWithValue("cancel_delay", job.Script.CancelDelay.Ticks);
        insert.Parameters.AddWithValue("timeline", job.TimelineStart.UtcTicks);
        AddJobState(insert.Parameters, job.State);
        var driven = job.State.Status.State.IsTerminal() ? [] : new[] { PostgresLeases.Key(PostgresLeases.JobPrefix, job.Name) };
        try
        {
            Change([insert, .. TakeLeases(driven), Notice(PostgresChange.Job, job.Name)]);
        }
        catch (StateStoreException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new OperationAlreadyExistsException(job.Name);
        }
    }

    public bool UpdateJob(string name, StoredJobState state)
    {
        // An ended job takes only the same end again (its deletion under way changes); never a second end.
        // A cancelling one only stays cancelling or ends: a stage its driver reached as another server
        // accepted the cancellation does not undo it; the driver hears of it and honours it.
        var update = new NpgsqlBatchCommand(
            $"""
            UPDATE lrs_jobs SET state = @state, ended = @ended, create_ticks = @create, start_ticks = @start, end_ticks = @end, update_ticks = @update,
                error = @error, history_states = @history_states, history_ticks = @history_ticks, finished_unit_ticks = @units, deleting = @deleting
            WHERE name = @name AND (NOT ended OR (state = @state AND end_ticks IS NOT DISTINCT FROM @end))
                AND (state <> {(short)JobLifecycleState.Cancelling} OR @state = {(short)JobLifecycleState.Cancelling} OR @ended)
            RETURNING name
            """);
        update.Parameters.AddWithValue("name", name);
        AddJobState(update.Parameters, state);
        if (state.Status.State.IsTerminal())
        {
            DropLease(update, PostgresLeases.JobPrefix, name);
        }

        return ChangeIfMatched(update, PostgresChange.Job, name);
    }

    public void DeleteJobs(IReadOnlyCollection<string> names) => Delete("lrs_jobs", PostgresChange.Job, names);

    public void SaveClock(StoredClock clock)
    {
        var save = new NpgsqlBatchCommand(
            """
            INSERT INTO lrs_clock (id, reading_ticks, wall_ticks, scale, paused) VALUES (1, @reading, @wall, @scale, @paused)
            ON CONFLICT (id) DO UPDATE SET reading_ticks = excluded.reading_ticks, wall_ticks = excluded.wall_ticks, scale = excluded.scale, paused = excluded.paused
            """);
        save.Parameters.AddWithValue("reading", clock.Reading.UtcTicks);
        save.Parameters.AddWithValue("wall", clock.WallTime.UtcTicks);
        save.Parameters.AddWithValue("scale", clock.Scale);
        save.Parameters.AddWithValue("paused", clock.Paused);
        Change([save, Notice(PostgresChange.Clock, "")]);
    }

    public StoredOperation? ReadOperation(string name) => Run(connection =>
    {
        using var read = new NpgsqlCommand($"SELECT {OperationColumns} FROM lrs_operations WHERE name = @name", connection);
        read.Parameters.AddWithValue("name", name);
        using var reader = read.ExecuteReader();
        return reader.Read() ? ReadOperation(reader) : null;
    });

    public StoredJob? ReadJob(string name) => Run(connection =>
    {
        using var read = new NpgsqlCommand($"SELECT {JobColumns} FROM lrs_jobs WHERE name = @name", connection);
        read.Parameters.AddWithValue("name", name);
        using var reader = read.ExecuteReader();
        return reader.Read() ? ReadJob(reader) : null;
    });

    /// <summary>The stored operations whose sequences are from <paramref name="first"/> to <paramref name="last"/>, oldest first.</summary>
    public IReadOnlyList<StoredOperation> ReadOperations(long first, long last) => Run(connection =>
    {
        using var read = new NpgsqlCommand($"SELECT {OperationColumns} FROM lrs_operations WHERE sequence BETWEEN @first AND @last ORDER BY sequence", connection);
        read.Parameters.AddWithValue("first", first);
        read.Parameters.AddWithValue("last", last);
        var records = new List<StoredOperation>();
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            records.Add(ReadOperation(reader));
        }

        return records;
    });

    /// <summary>The stored clock, or null when it never changed from real time.</summary>
    public StoredClock? ReadClock() => Run(ReadClock);

    public void Subscribe(IStateStoreListener listener)
    {
        _listener = listener;
        // Start-up waits a moment for the first LISTEN, so that changes from the first call on are heard;
        // if the database is slow to answer, the feed goes on trying in the background.
        _ = _feed.StartAsync().Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Starts renewing this server's leases and taking over expired ones, for <paramref name="adopter"/> to run on.</summary>
    public void StartLeases(IWorkAdopter adopter)
    {
        _adopter = adopter;
        _leases.Start();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // registered as itself and as the store, so disposed twice
        }

        _leases.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _feed.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void Adopted(char prefix, string name)
    {
        switch (prefix)
        {
            case PostgresLeases.OperationPrefix:
                _adopter?.AdoptOperation(name);
                break;
            case PostgresLeases.JobPrefix:
                _adopter?.AdoptJob(name);
                break;
        }
    }

    // Changes other servers made, in the order heard: the clock read once if it moved, every named
    // operation and job read in one query each (a name no longer stored was removed), in that order.
    private void Heard(IReadOnlyList<PostgresChange> changes)
    {
        if (_listener is not { } listener)
        {
            return;
        }

        // Each name once, in the order first heard: a batch reads a record's latest state whatever changed it.
        var operations = new List<string>();
        var jobs = new List<string>();
        var seen = new HashSet<(char, string)>();
        var clockMoved = false;
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case PostgresChange.Operation when seen.Add((change.Kind, change.Name)):
                    operations.Add(change.Name);
                    break;
                case PostgresChange.Job when seen.Add((change.Kind, change.Name)):
                    jobs.Add(change.Name);
                    break;
                case PostgresChange.OperationRange when change.TryGetRange(out var first, out var last):
                    listener.OperationsCreated(ReadOperations(first, last));
                    break;
                case PostgresChange.Clock:
                    clockMoved = true;
                    break;
            }
        }

        if (clockMoved && ReadClock() is { } clock)
        {
            listener.ClockChanged(clock);
        }

        if (operations.Count > 0)
        {
            var stored = ReadNamed($"SELECT {OperationColumns} FROM lrs_operations WHERE name = ANY(@names)", operations, ReadOperation, o => o.Name);
            foreach (var name in operations)
            {
                listener.OperationChanged(name, stored.GetValueOrDefault(name));
            }
        }

        if (jobs.Count > 0)
        {
            var stored = ReadNamed($"SELECT {JobColumns} FROM lrs_jobs WHERE name = ANY(@names)", jobs, ReadJob, j => j.Name);
            foreach (var name in jobs)
            {
                listener.JobChanged(name, stored.GetValueOrDefault(name));
            }
        }
    }

    private Dictionary<string, T> ReadNamed<T>(string query, List<string> names, Func<NpgsqlDataReader, T> read, Func<T, string> nameOf) => Run(connection =>
    {
        using var command = new NpgsqlCommand(query, connection);
        command.Parameters.AddWithValue("names", names.ToArray());
        var records = new Dictionary<string, T>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var record = read(reader);
            records[nameOf(record)] = record;
        }

        return records;
    });

    // After the feed was down, the clock may have moved and any record may have changed elsewhere
    // unheard: the listener gets the clock and every record as now stored. Changes heard from here
    // on are dispatched after this returns, so they correct anything this read missed.
    private void Resynchronize()
    {
        if (_listener is not { } listener)
        {
            return;
        }

        if (ReadClock() is { } clock)
        {
            listener.ClockChanged(clock);
        }

        var (operations, jobs) = Run(connection => (
            ReadAll(connection, $"SELECT {OperationColumns} FROM lrs_operations ORDER BY sequence", ReadOperation),
            ReadAll(connection, $"SELECT {JobColumns} FROM lrs_jobs ORDER BY sequence", ReadJob)));
        listener.ChangesMissed(operations, jobs);
    }

    private static List<T> ReadAll<T>(NpgsqlConnection connection, string query, Func<NpgsqlDataReader, T> read)
    {
        var records = new List<T>();
        using var command = new NpgsqlCommand(query, connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(read(reader));
        }

        return records;
    }

    // The first server to load from the database makes the key; servers racing it, and every later
    // start, read the one that won (the read, a statement of its own, sees the other's commit).
    private byte[] PageTokenKey(NpgsqlConnection connection)
    {
        using (var make = new NpgsqlCommand("INSERT INTO lrs_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING", connection))
        {
            make.Parameters.AddWithValue("key", PageTokenKeyName);
            make.Parameters.AddWithValue("value", Convert.ToBase64String(StoredState.NewPageTokenKey()));
            make.ExecuteNonQuery();
        }

        using var read = new NpgsqlCommand("SELECT value FROM lrs_meta WHERE key = @key", connection);
        read.Parameters.AddWithValue("key", PageTokenKeyName);
        var key = new byte[StoredState.PageTokenKeySize];
        return read.ExecuteScalar() is string text && Convert.TryFromBase64String(text, key, out var written) && written == key.Length
            ? key
            : throw new StateStoreException(
                $"{_where}: the lrs_meta row '{PageTokenKeyName}' holds no page token key this server can read; delete the row to make a new one (page tokens handed out before stop working).");
    }

    private static StoredClock? ReadClock(NpgsqlConnection connection)
    {
        using var read = new NpgsqlCommand("SELECT reading_ticks, wall_ticks, scale, paused FROM lrs_clock WHERE id = 1", connection);
        using var reader = read.ExecuteReader();
        return reader.Read()
            ? new StoredClock(Time(reader.GetInt64(0)), Time(reader.GetInt64(1)), reader.GetDouble(2), reader.GetBoolean(3))
            : null;
    }

    private void Delete(string table, char kind, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE name = ANY(@names)");
        delete.Parameters.AddWithValue("names", names.ToArray());
        var leases = new NpgsqlBatchCommand("DELETE FROM lrs_leases WHERE resource = ANY(@keys)");
        leases.Parameters.AddWithValue("keys", names.Select(n => PostgresLeases.Key(kind, n)).ToArray());
        Change([delete, leases, .. Notices(kind, names, names.Count)]);
    }

    // One statement whose RETURNING says whether it changed a row, with its NOTIFY in the same
    // statement (one transaction): pg_notify runs once per changed row, so never without a change.
    // Once the server stopped it has no say: work still winding down changes nothing.
    private bool ChangeIfMatched(NpgsqlBatchCommand change, char kind, string name) => Volatile.Read(ref _disposed) == 0 && Run(connection =>
    {
        using var command = new NpgsqlCommand(
            $"WITH changed AS ({change.CommandText}){(change.Parameters.Contains("lease") ? ", released AS (DELETE FROM lrs_leases WHERE resource = @lease)" : "")} "
            + $"SELECT pg_notify('{PostgresChangeFeed.Channel}', @payload) FROM changed", connection);
        foreach (NpgsqlParameter parameter in change.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        command.Parameters.AddWithValue("payload", PostgresChangeFeed.Payload(ServerId, kind, name));
        using var reader = command.ExecuteReader();
        var changed = false;
        while (reader.Read())
        {
            changed = true;
        }

        return changed;
    });

    // The change also ends the work's lease: it is done, nobody drives it any more.
    private static void DropLease(NpgsqlBatchCommand change, char prefix, string name) =>
        change.Parameters.AddWithValue("lease", PostgresLeases.Key(prefix, name));

    private IEnumerable<NpgsqlBatchCommand> TakeLeases(string[] keys)
    {
        if (keys.Length == 0)
        {
            return [];
        }

        var take = new NpgsqlBatchCommand(
            """
            INSERT INTO lrs_leases (resource, holder, expires_at) SELECT unnest(@keys), @me, now() + @duration
            ON CONFLICT (resource) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            """);
        take.Parameters.AddWithValue("keys", keys);
        take.Parameters.AddWithValue("me", ServerId);
        take.Parameters.AddWithValue("duration", _leases.Duration);
        return [take];
    }

    // Statements sent as one batch, which PostgreSQL runs as one implicit transaction.
    private void Change(IEnumerable<NpgsqlBatchCommand> statements) => Run(connection =>
    {
        using var batch = new NpgsqlBatch(connection);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        batch.ExecuteNonQuery();
        return 0;
    });

    // One statement, whatever the count, in the change's transaction.
    private IEnumerable<NpgsqlBatchCommand> Notices(char kind, IEnumerable<string> names, int count)
    {
        if (count > MaxNoticesPerChange)
        {
            return [];
        }

        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{PostgresChangeFeed.Channel}', payload) FROM unnest(@payloads) AS payload");
        notify.Parameters.AddWithValue("payloads", names.Select(name => PostgresChangeFeed.Payload(ServerId, kind, name)).ToArray());
        return [notify];
    }

    // Operations created in one change: one NOTIFY each, or for a change too big for that, one naming the
    // range of their sequences (consecutive, as one reservation hands them out).
    private IEnumerable<NpgsqlBatchCommand> CreationNotices(IReadOnlyList<StoredOperation> operations)
    {
        if (operations.Count <= MaxNoticesPerChange)
        {
            return Notices(PostgresChange.Operation, operations.Select(o => o.Name), operations.Count);
        }

        var first = operations.Min(o => o.Sequence);
        var last = operations.Max(o => o.Sequence);
        return [Notice(PostgresChange.OperationRange, PostgresChange.Range(first, last))];
    }

    private NpgsqlBatchCommand Notice(char kind, string name)
    {
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{PostgresChangeFeed.Channel}', @payload)");
        notify.Parameters.AddWithValue("payload", PostgresChangeFeed.Payload(ServerId, kind, name));
        return notify;
    }

    private string? FirstStored(string table, IEnumerable<string> names) => Run(connection =>
    {
        using var find = new NpgsqlCommand($"SELECT name FROM {table} WHERE name = ANY(@names) LIMIT 1", connection);
        find.Parameters.AddWithValue("names", names.ToArray());
        return find.ExecuteScalar() as string;
    });

    private T Run<T>(Func<NpgsqlConnection, T> work)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new StateStoreException($"{_where}: this server has stopped.");
        }

        try
        {
            using var connection = _database.OpenConnection();
            return work(connection);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException { InnerException: NpgsqlException })
        {
            throw new StateStoreException($"{_where}: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }
    }

    private static void AddJobState(NpgsqlParameterCollection parameters, StoredJobState state)
    {
        var status = state.Status;
        parameters.AddWithValue("state", (short)status.State);
        parameters.AddWithValue("ended", status.State.IsTerminal());
        parameters.AddWithValue("create", status.CreateTime.UtcTicks);
        parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.Bigint) { Value = (object?)status.StartTime?.UtcTicks ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Bigint) { Value = (object?)status.EndTime?.UtcTicks ?? DBNull.Value });
        parameters.AddWithValue("update", status.UpdateTime.UtcTicks);
        parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Bytea) { Value = (object?)status.Error?.ToByteArray() ?? DBNull.Value });
        parameters.AddWithValue("history_states", state.History.Select(h => (short)h.State).ToArray());
        parameters.AddWithValue("history_ticks", state.History.Select(h => h.Time.UtcTicks).ToArray());
        parameters.AddWithValue("units", state.FinishedUnits.Select(u => u.UtcTicks).ToArray());
        parameters.AddWithValue("deleting", state.Deleting);
    }

    private static StoredOperation ReadOperation(NpgsqlDataReader reader)
    {
        var work = reader.IsDBNull(7)
            ? null
            : new OperationWork(reader.GetString(7), ByteString.CopyFrom(reader.GetFieldValue<byte[]>(8)), Time(reader.GetInt64(9)));
        return new StoredOperation(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            Operation.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3)),
            reader.IsDBNull(5) ? null : Time(reader.GetInt64(5)),
            reader.GetBoolean(6),
            work);
    }

    private static StoredJob ReadJob(NpgsqlDataReader reader)
    {
        var name = reader.GetString(0);
        var script = new JobScript(
            TimeSpan.FromTicks(reader.GetInt64(5)),
            TimeSpan.FromTicks(reader.GetInt64(6)),
            TimeSpan.FromTicks(reader.GetInt64(7)),
            reader.GetBoolean(8),
            (Google.Rpc.Code)reader.GetInt32(9),
            reader.GetBoolean(10),
            TimeSpan.FromTicks(reader.GetInt64(11)));
        var status = new JobStatus(
            name,
            (JobLifecycleState)reader.GetInt16(13),
            Time(reader.GetInt64(15)),
            reader.IsDBNull(16) ? null : Time(reader.GetInt64(16)),
            reader.IsDBNull(17) ? null : Time(reader.GetInt64(17)),
            Time(reader.GetInt64(18)),
            reader.IsDBNull(19) ? null : RpcStatus.Parser.ParseFrom(reader.GetFieldValue<byte[]>(19)));
        var states = reader.GetFieldValue<short[]>(20);
        var times = reader.GetFieldValue<long[]>(21);
        var history = states.Zip(times, (state, ticks) => ((JobLifecycleState)state, Time(ticks))).ToList();
        var units = reader.GetFieldValue<long[]>(22).Select(Time).ToList();
        var state = new StoredJobState(status, history, units, Deleting: reader.GetBoolean(23));
        var resource = ByteString.CopyFrom(reader.GetFieldValue<byte[]>(4));
        return new StoredJob(name, TypeName: reader.GetString(1), Parent: reader.GetString(2), Sequence: reader.GetInt64(3), resource, script, Time(reader.GetInt64(12)), state);
    }

    private static object Ticks(DateTimeOffset? time) => (object?)time?.UtcTicks ?? DBNull.Value;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
