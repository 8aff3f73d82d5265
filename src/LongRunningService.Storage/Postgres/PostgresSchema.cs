using System.Globalization;
using Npgsql;

namespace LongRunningService.Storage.Postgres;

/// <summary>
/// The store's tables, by version. A server brings an older database up to
/// <see cref="Version"/> at start, one migration per version inside one
/// transaction, while an advisory lock keeps servers starting together from
/// migrating twice; a database of a newer version is refused.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The schema version this server writes.</summary>
    public static int Version => Migrations.Length;

    private const string VersionKey = "schema_version";

    // Any constant key serializes migrations across servers on one database.
    private const long MigrationLock = 0x4C52_535F_5343_484D;

    // Migrations[i] takes a database from version i to version i + 1.
    private static readonly string[] Migrations =
    [
        // 1: what one server keeps across restarts. Times are .NET ticks (UTC), kept exact;
        // messages are protobuf bytes; sequences and generated IDs come from shared counters.
        """
        CREATE TABLE lrs_meta (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE SEQUENCE lrs_sequence;
        CREATE TABLE lrs_counters (
            counter text PRIMARY KEY,
            last bigint NOT NULL
        );
        CREATE TABLE lrs_clock (
            id integer PRIMARY KEY CHECK (id = 1),
            reading_ticks bigint NOT NULL,
            wall_ticks bigint NOT NULL,
            scale double precision NOT NULL,
            paused boolean NOT NULL
        );
        CREATE TABLE lrs_operations (
            name text PRIMARY KEY,
            sequence bigint NOT NULL,
            api text,
            state bytea NOT NULL,
            done boolean NOT NULL,
            completed_ticks bigint,
            cancel_requested boolean NOT NULL DEFAULT false,
            work_kind text,
            work_payload bytea,
            work_started_ticks bigint
        );
        CREATE INDEX lrs_operations_by_sequence ON lrs_operations (sequence);
        CREATE TABLE lrs_jobs (
            name text PRIMARY KEY,
            type_name text NOT NULL,
            parent text NOT NULL,
            sequence bigint NOT NULL,
            resource bytea NOT NULL,
            queued_ticks bigint NOT NULL,
            pending_ticks bigint NOT NULL,
            running_ticks bigint NOT NULL,
            fails boolean NOT NULL,
            failure_code integer NOT NULL,
            ignore_cancellation boolean NOT NULL,
            cancel_delay_ticks bigint NOT NULL,
            timeline_start_ticks bigint NOT NULL,
            state smallint NOT NULL,
            ended boolean NOT NULL,
            create_ticks bigint NOT NULL,
            start_ticks bigint,
            end_ticks bigint,
            update_ticks bigint NOT NULL,
            error bytea,
            history_states smallint[] NOT NULL,
            history_ticks bigint[] NOT NULL,
            finished_unit_ticks bigint[] NOT NULL,
            deleting boolean NOT NULL
        );
        CREATE INDEX lrs_jobs_by_sequence ON lrs_jobs (sequence);
        """,

        // 2: several servers on one database: which server drives which running work, until
        // when by the database's own clock, so that servers whose clocks differ agree.
        """
        CREATE TABLE lrs_leases (
            resource text PRIMARY KEY,
            holder text NOT NULL,
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX lrs_leases_by_holder ON lrs_leases (holder);
        CREATE INDEX lrs_leases_by_expiry ON lrs_leases (expires_at);
        """,

        // 3: servers take positions from lrs_sequence in blocks (see PostgresStateStore.NextSequences);
        // no table changes, but a server that takes them one at a time must not share the database.
        """
        COMMENT ON SEQUENCE lrs_sequence IS 'positions in the order of creation, reserved by each server in blocks';
        """,
    ];

    /// <summary>Brings the database up to <paramref name="target"/> (default: <see cref="Version"/>); returns the version it had.</summary>
    /// <exception cref="PostgresSchemaException">The database's schema is newer than this server's.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource database, int? target = null, CancellationToken cancellationToken = default)
    {
        var goal = target ?? Version;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(goal, Version);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            locking.Parameters.AddWithValue("key", MigrationLock);
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }

        var found = await ReadVersionAsync(connection, transaction, cancellationToken);
        if (found > Version)
        {
            throw new PostgresSchemaException(
                $"The PostgreSQL database's schema is version {found}, newer than this server's {Version}; start a newer server, or give --postgres another database.");
        }

        for (var version = found; version < goal; version++)
        {
            await using var migrate = new NpgsqlCommand(Migrations[version], connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken);
        }

        if (goal > found)
        {
            await using var record = new NpgsqlCommand(
                "INSERT INTO lrs_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", connection, transaction);
            record.Parameters.AddWithValue("key", VersionKey);
            record.Parameters.AddWithValue("value", goal.ToString(CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>The version a database holds: 0 when it has none of the store's tables.</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('lrs_meta') IS NOT NULL", connection, transaction);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return 0;
        }

        await using var read = new NpgsqlCommand("SELECT value FROM lrs_meta WHERE key = @key", connection, transaction);
        read.Parameters.AddWithValue("key", VersionKey);
        var value = await read.ExecuteScalarAsync(cancellationToken) as string;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new PostgresSchemaException("The PostgreSQL database has an lrs_meta table without a readable schema version; give --postgres a database of this server's own.");
    }
}

/// <summary>The database's schema cannot be used by this server; the message says why and what to do.</summary>
public sealed class PostgresSchemaException(string message) : Exception(message);
