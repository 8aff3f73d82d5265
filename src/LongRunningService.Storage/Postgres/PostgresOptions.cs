namespace LongRunningService.Storage.Postgres;

/// <summary>The PostgreSQL store: where it is, and how long a server's hold on running work lasts.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>An Npgsql connection string; unset, state is kept elsewhere.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a server's lease on a running job or operation lasts unless
    /// renewed; the holder renews it at a third of this. A server that dies
    /// loses its leases this long after its last renewal.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// This server's name among those sharing the database, kept across its
    /// restarts: a server started again under its name takes its work back at
    /// once instead of after its leases run out. Unset: a new random name each start.
    /// Two servers running at once must never share a name.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>Why <paramref name="name"/> cannot name a server, or null.</summary>
    public static string? ServerNameProblem(string name) =>
        name.Length <= 63 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "a server name is at most 63 ASCII letters, digits, '-', '_' and '.'.";
}
