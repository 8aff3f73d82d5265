using System.Globalization;
using Npgsql;

namespace LongRunningService.Operations.Postgres;

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
        // 1: state that a single server keeps across restarts.
        """
        CREATE TABLE lrs_meta (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE lrs_operations (
            name text PRIMARY KEY,
            parent text NOT NULL,
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            api text,
            done boolean NOT NULL DEFAULT false,
            operation bytea NOT NULL,
            work bytea,
            cancel_requested boolean NOT NULL DEFAULT false,
            finished_at timestamptz
        );
        CREATE INDEX lrs_operations_by_parent ON lrs_operations (parent, seq);
        CREATE INDEX lrs_operations_by_finish ON lrs_operations (finished_at) WHERE done;
        CREATE TABLE lrs_jobs (
            name text PRIMARY KEY,
            parent text NOT NULL,
            type text NOT NULL,
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            state smallint NOT NULL,
            terminal boolean NOT NULL DEFAULT false,
            resource bytea NOT NULL,
            script bytea,
            status bytea NOT NULL,
            cancel_requested boolean NOT NULL DEFAULT false,
            deleting boolean NOT NULL DEFAULT false,
            finished_at timestamptz
        );
        CREATE INDEX lrs_jobs_by_parent ON lrs_jobs (parent, type, seq);
        """,

        // 2: several servers on one database: who drives which work until when (database time),
        // and the emulator clock they share.
        """
        CREATE TABLE lrs_leases (
            resource text PRIMARY KEY,
            holder text NOT NULL,
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX lrs_leases_by_expiry ON lrs_leases (expires_at);
        CREATE TABLE lrs_servers (
            id text PRIMARY KEY,
            started_at timestamptz NOT NULL DEFAULT now(),
            seen_at timestamptz NOT NULL DEFAULT now()
        );
        INSERT INTO lrs_meta (key, value) VALUES ('clock', '');
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
