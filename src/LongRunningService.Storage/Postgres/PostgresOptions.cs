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
}
