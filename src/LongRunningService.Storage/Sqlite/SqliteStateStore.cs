using System.Globalization;
using System.Text;
using Google.LongRunning;
using Google.Protobuf;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using Microsoft.Data.Sqlite;

namespace LongRunningService.Storage.Sqlite;

/// <summary>
/// The state in one SQLite file, <see cref="FileName"/> in the data folder, for
/// one server at a time (the file is held with an exclusive lock while the
/// server runs). Written in WAL mode with <c>synchronous=FULL</c>: a change is
/// on disk, synced, before the call that made it answers, so it survives a
/// killed process and a machine that loses power. One connection serves every
/// call under one lock; a write is one transaction. Once disposed (the
/// server stopping), the changes that timers still make are dropped, as in a
/// crash: their work runs on from its record at the next start.
/// </summary>
internal sealed class SqliteStateStore : IStateStore
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "longrunning.db";

    // Sequences are reserved in blocks like IDs, so a creation writes its row only.
    private const string SequenceCounter = "sequence";
    private const int SequenceBlock = 1000;

    // The row of the meta table that holds the page token key.
    private const string PageTokenKeyName = "page_token_key";

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly SequenceBlocks _sequences = new(SequenceBlock);
    private bool _closed;

    private SqliteStateStore(SqliteConnection db, string path)
    {
        _db = db;
        _path = path;
    }

    public string Kind => "sqlite";

    public string Setting => "Storage:DataDir, --data-dir";

    public bool KeepsRecords => true;

    /// <summary>The data file's full path.</summary>
    public string Path => _path;

    /// <summary>
    /// Opens (or creates) the data file in <paramref name="directory"/>, which
    /// is made when missing, brings an older schema up to date and takes the
    /// file's lock.
    /// </summary>
    /// <exception cref="StateStoreException">
    /// The folder or file cannot be used: not a SQLite file, damaged, of a
    /// newer schema, or held by another server. The message is one line.
    /// </exception>
    public static SqliteStateStore Open(string directory)
    {
        string path;
        try
        {
            Directory.CreateDirectory(directory);
            path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, FileName));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StateStoreException($"The data folder '{directory}' cannot be used: {exception.Message}", exception);
        }

        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString());
        try
        {
            db.Open();
            var store = new SqliteStateStore(db, path);
            store.Prepare();
            return store;
        }
        catch (SqliteException exception)
        {
            db.Dispose();
            throw new StateStoreException(
                exception.SqliteErrorCode is 5 or 6 // SQLITE_BUSY, SQLITE_LOCKED
                    ? $"The data file '{path}' is in use by another server; give each server its own --data-dir."
                    : $"The data file '{path}' cannot be used: {OneLine(exception.Message)}",
                exception);
        }
        catch (StateStoreException)
        {
            db.Dispose();
            throw;
        }
    }

    // Settings, lock, schema and counters, once at open.
    private void Prepare()
    {
        Scalar("PRAGMA busy_timeout = 2000");
        Scalar("PRAGMA locking_mode = EXCLUSIVE");
        var mode = Convert.ToString(Scalar("PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StateStoreException($"The data file '{_path}' cannot be put in WAL mode (it stays '{mode}').");
        }

        Scalar("PRAGMA synchronous = FULL");
        var version = Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Current)
        {
            throw new StateStoreException(
                $"The data file '{_path}' has schema version {version}, newer than this server's {SqliteSchema.Current}; run a newer server on it, or give this one another --data-dir.");
        }

        if (version < 0)
        {
            throw new StateStoreException($"The data file '{_path}' has schema version {version}, which no server writes.");
        }

        // Also takes the exclusive lock: a second server on the same file fails here.
        using var transaction = _db.BeginTransaction();
        for (var step = version; step < SqliteSchema.Current; step++)
        {
            Execute(SqliteSchema.Steps[step]);
        }

        // Made once, with the file or with the step that added its table; kept from then on.
        Execute("INSERT OR IGNORE INTO meta (name, value) VALUES ($name, $value)", ("$name", PageTokenKeyName), ("$value", StoredState.NewPageTokenKey()));
        Execute($"PRAGMA user_version = {SqliteSchema.Current.ToString(CultureInfo.InvariantCulture)}");
        transaction.Commit();
    }

    public StoredState Load()
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                var operations = new List<StoredOperation>();
                using (var command = Command("SELECT name, sequence, api, state, done, completed_at, cancel_requested, work_kind, work_payload, work_started FROM operations ORDER BY sequence"))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        operations.Add(ReadOperation(reader));
                    }
                }

                var jobs = new List<StoredJob>();
                using (var command = Command("SELECT name, type, parent, sequence, resource, script, timeline_start, state, deleting FROM jobs ORDER BY sequence"))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        jobs.Add(ReadJob(reader));
                    }
                }

                StoredClock? clock = null;
                using (var command = Command("SELECT reading, wall, scale, paused FROM clock WHERE id = 1"))
                using (var reader = command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        var scale = reader.GetDouble(2);
                        clock = double.IsFinite(scale) && scale > 0
                            ? new StoredClock(Time(reader.GetInt64(0)), Time(reader.GetInt64(1)), scale, reader.GetInt64(3) != 0)
                            : throw Damaged("the clock");
                    }
                }

                var counters = new Dictionary<string, long>(StringComparer.Ordinal);
                using (var command = Command("SELECT name, last FROM counters"))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        counters[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }

                using var key = Command("SELECT value FROM meta WHERE name = $name");
                Bind(key, "$name", PageTokenKeyName);
                var pageTokenKey = key.ExecuteScalar() is byte[] { Length: StoredState.PageTokenKeySize } stored
                    ? stored
                    : throw Damaged("the page token key");
                return new StoredState(operations, jobs, clock, counters, pageTokenKey);
            });
        }
    }

    public long NextSequences(int count) => _sequences.Take(count, (after, size) =>
    {
        lock (_lock)
        {
            return Guard(() => Reserve(SequenceCounter, after, size));
        }
    });

    public long ReserveIds(string counter, long after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            return Guard(() => Reserve(counter, after, count));
        }
    }

    public void InsertOperations(IReadOnlyList<StoredOperation> operations)
    {
        foreach (var operation in operations)
        {
            Require(operation);
        }

        lock (_lock)
        {
            Guard(() =>
            {
                using var transaction = _db.BeginTransaction();
                using var command = Command("""
                    INSERT INTO operations (name, sequence, api, state, done, completed_at, cancel_requested, work_kind, work_payload, work_started)
                    VALUES ($name, $sequence, $api, $state, $done, $completed, $cancel, $kind, $payload, $started)
                    """);
                foreach (var operation in operations)
                {
                    command.Parameters.Clear();
                    Bind(command, "$name", operation.Name);
                    Bind(command, "$sequence", operation.Sequence);
                    Bind(command, "$api", operation.Api);
                    Bind(command, "$state", operation.State.ToByteArray());
                    Bind(command, "$done", operation.State.Done ? 1 : 0);
                    Bind(command, "$completed", operation.CompletedAt?.UtcTicks);
                    Bind(command, "$cancel", operation.CancelRequested ? 1 : 0);
                    Bind(command, "$kind", operation.Work?.Kind);
                    Bind(command, "$payload", operation.Work?.Payload.ToByteArray());
                    Bind(command, "$started", operation.Work?.StartedAt.UtcTicks);
                    try
                    {
                        command.ExecuteNonQuery();
                    }
                    catch (SqliteException exception) when (exception.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
                    {
                        throw new OperationAlreadyExistsException(operation.Name);
                    }
                }

                transaction.Commit();
                return 0;
            });
        }
    }

    public void PublishOperation(string name, Operation state)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                Guard(() => Execute("UPDATE operations SET state = $state WHERE name = $name AND done = 0", ("$state", state.ToByteArray()), ("$name", name)));
            }
        }
    }

    public bool CompleteOperation(string name, Operation final, DateTimeOffset completedAt)
    {
        lock (_lock)
        {
            return !_closed && Guard(() => Execute(
                "UPDATE operations SET state = $state, done = 1, completed_at = $completed, work_kind = NULL, work_payload = NULL, work_started = NULL WHERE name = $name AND done = 0",
                ("$state", final.ToByteArray()),
                ("$completed", completedAt.UtcTicks),
                ("$name", name)) == 1);
        }
    }

    public bool RequestOperationCancel(string name)
    {
        lock (_lock)
        {
            return Guard(() => Execute("UPDATE operations SET cancel_requested = 1 WHERE name = $name AND done = 0", ("$name", name)) == 1);
        }
    }

    public void DeleteOperations(IReadOnlyCollection<string> names) => DeleteAll("DELETE FROM operations WHERE name = $name", names);

    public void InsertJob(StoredJob job)
    {
        var script = JobRecordCodec.WriteScript(job.Script);
        var state = JobRecordCodec.WriteState(job.State);
        lock (_lock)
        {
            Guard(() =>
            {
                try
                {
                    return Execute(
                        """
                        INSERT INTO jobs (name, type, parent, sequence, resource, script, timeline_start, state, ended_at, deleting)
                        VALUES ($name, $type, $parent, $sequence, $resource, $script, $timeline, $state, $ended, $deleting)
                        """,
                        ("$name", job.Name),
                        ("$type", job.TypeName),
                        ("$parent", job.Parent),
                        ("$sequence", job.Sequence),
                        ("$resource", job.Resource.ToByteArray()),
                        ("$script", script),
                        ("$timeline", job.TimelineStart.UtcTicks),
                        ("$state", state),
                        ("$ended", EndOf(job.State)),
                        ("$deleting", job.State.Deleting ? 1 : 0));
                }
                catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
                {
                    throw new OperationAlreadyExistsException(job.Name);
                }
            });
        }
    }

    public bool UpdateJob(string name, StoredJobState state)
    {
        var bytes = JobRecordCodec.WriteState(state);
        var ended = EndOf(state);
        lock (_lock)
        {
            return !_closed && Guard(() =>
            {
                // A job that ended keeps its ending: only its deletion flag may change.
                var changed = Execute(
                    "UPDATE jobs SET state = $state, ended_at = $ended, deleting = $deleting WHERE name = $name AND ended_at IS NULL",
                    ("$state", bytes),
                    ("$ended", ended),
                    ("$deleting", state.Deleting ? 1 : 0),
                    ("$name", name));
                return changed == 1 || Execute(
                    "UPDATE jobs SET deleting = $deleting WHERE name = $name AND ended_at = $ended",
                    ("$deleting", state.Deleting ? 1 : 0),
                    ("$name", name),
                    ("$ended", ended)) == 1;
            });
        }
    }

    public void DeleteJobs(IReadOnlyCollection<string> names) => DeleteAll("DELETE FROM jobs WHERE name = $name", names);

    public void SaveClock(StoredClock clock)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            Guard(() => Execute(
                "INSERT OR REPLACE INTO clock (id, reading, wall, scale, paused) VALUES (1, $reading, $wall, $scale, $paused)",
                ("$reading", clock.Reading.UtcTicks),
                ("$wall", clock.WallTime.UtcTicks),
                ("$scale", clock.Scale),
                ("$paused", clock.Paused ? 1 : 0)));
        }
    }

    public StoredOperation? ReadOperation(string name) =>
        ReadOne("SELECT name, sequence, api, state, done, completed_at, cancel_requested, work_kind, work_payload, work_started FROM operations WHERE name = $name", name, ReadOperation);

    public StoredJob? ReadJob(string name) =>
        ReadOne("SELECT name, type, parent, sequence, resource, script, timeline_start, state, deleting FROM jobs WHERE name = $name", name, ReadJob);

    private T? ReadOne<T>(string sql, string name, Func<SqliteDataReader, T> read)
        where T : class
    {
        lock (_lock)
        {
            return Guard(() =>
            {
                using var command = Command(sql);
                Bind(command, "$name", name);
                using var reader = command.ExecuteReader();
                return reader.Read() ? read(reader) : null;
            });
        }
    }

    /// <summary>One server uses a SQLite file: nobody else changes it, so the listener is never called.</summary>
    public void Subscribe(IStateStoreListener listener)
    {
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _db.Dispose();
        }
    }

    // Checked before writing, so that every stored record can be read back.
    private static void Require(StoredOperation operation)
    {
        if (operation.Work is { } work
            && (work.Kind.Length is 0 or > StoredRecordLimits.MaxWorkKindLength || !Ascii.IsValid(work.Kind) || work.Payload.Length > StoredRecordLimits.MaxWorkPayloadBytes))
        {
            throw new ArgumentException($"The work of operation '{operation.Name}' has a kind or payload out of bounds.", nameof(operation));
        }

        if (operation.State.Done != (operation.CompletedAt is not null))
        {
            throw new ArgumentException($"Operation '{operation.Name}' must have a completion time exactly when it is done.", nameof(operation));
        }
    }

    private StoredOperation ReadOperation(SqliteDataReader reader)
    {
        var name = reader.GetString(0);
        try
        {
            var state = Operation.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3));
            var done = reader.GetInt64(4) != 0;
            if (state.Done != done || !string.Equals(state.Name, name, StringComparison.Ordinal) || !OperationNames.TryParse(name, out _, out _))
            {
                throw Damaged($"operation '{name}'");
            }

            var work = reader.IsDBNull(7)
                ? null
                : new OperationWork(reader.GetString(7), ByteString.CopyFrom(reader.GetFieldValue<byte[]>(8)), Time(reader.GetInt64(9)));
            return new StoredOperation(
                name,
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                state,
                reader.IsDBNull(5) ? null : Time(reader.GetInt64(5)),
                reader.GetInt64(6) != 0,
                work);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or FormatException or InvalidCastException or InvalidOperationException)
        {
            throw Damaged($"operation '{name}'", exception);
        }
    }

    private StoredJob ReadJob(SqliteDataReader reader)
    {
        var name = reader.GetString(0);
        try
        {
            return new StoredJob(
                name,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                ByteString.CopyFrom(reader.GetFieldValue<byte[]>(4)),
                JobRecordCodec.ReadScript(reader.GetFieldValue<byte[]>(5)),
                Time(reader.GetInt64(6)),
                JobRecordCodec.ReadState(name, reader.GetFieldValue<byte[]>(7), reader.GetInt64(8) != 0));
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or InvalidOperationException)
        {
            throw Damaged($"job '{name}'", exception);
        }
    }

    private static long? EndOf(StoredJobState state) => state.Status.State.IsTerminal() ? (state.Status.EndTime ?? state.Status.UpdateTime).UtcTicks : null;

    private long Reserve(string counter, long after, int count)
    {
        using var command = Command("SELECT last FROM counters WHERE name = $name");
        Bind(command, "$name", counter);
        var last = command.ExecuteScalar() is long stored ? stored : 0;
        var first = Math.Max(last, after) + 1;
        Execute("INSERT OR REPLACE INTO counters (name, last) VALUES ($name, $last)", ("$name", counter), ("$last", first + count - 1));
        return first;
    }

    private void DeleteAll(string sql, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            Guard(() =>
            {
                using var transaction = _db.BeginTransaction();
                using var command = Command(sql);
                var parameter = command.Parameters.Add("$name", SqliteType.Text);
                foreach (var name in names)
                {
                    parameter.Value = name;
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                return 0;
            });
        }
    }

    private StateStoreException Damaged(string what, Exception? inner = null) =>
        new($"The data file '{_path}' holds {what} that cannot be read; restore the file from a backup or start with another --data-dir.", inner);

    private static DateTimeOffset Time(long ticks) =>
        ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new FormatException("a time out of range");

    // Every SQLite failure becomes one StateStoreException naming the file.
    private T Guard<T>(Func<T> action)
    {
        if (_closed)
        {
            throw new StateStoreException($"The data file '{_path}' is closed: the server is stopping.");
        }

        try
        {
            return action();
        }
        catch (SqliteException exception)
        {
            throw new StateStoreException($"The data file '{_path}' cannot be used: {OneLine(exception.Message)}", exception);
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private object? Scalar(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteScalar();
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            Bind(command, name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
