using Npgsql;

namespace LongRunningService.Storage.Postgres;

/// <summary>A connection string as it may be shown: host, port and database, never the password.</summary>
public static class PostgresConnectionText
{
    /// <summary>Why <paramref name="connectionString"/> cannot be used, or null; the text itself is never quoted.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrEmpty(builder.Host) ? "the connection string names no Host." : null;
        }
        catch (ArgumentException)
        {
            // Npgsql's message may quote part of the text, which may be the password.
            return "not a PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...).";
        }
    }

    /// <summary>host:port/database, for logs and errors.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}
