using System.Net.Sockets;
using LongRunningService.Configuration;
using LongRunningService.Operations.Storage;
using LongRunningService.Storage.Postgres;
using Npgsql;

namespace LongRunningService.Hosting;

/// <summary>
/// With <c>--postgres</c>: opens the database before the server listens and
/// brings its schema up to this server's version, so an unreachable database,
/// refused credentials or a newer schema stop start-up with one line.
/// </summary>
internal static class PostgresStartup
{
    private const int MinimumWorkerThreads = 256;

    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The data source registered for the store, or null when no database is configured.</summary>
    /// <exception cref="InvalidConfigurationException">The database cannot be used; the message never holds the password.</exception>
    public static NpgsqlDataSource? AddPostgresDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PostgresOptions.SectionName).Get<PostgresOptions>() ?? new PostgresOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return null;
        }

        if (configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>()?.DataDir is { Length: > 0 })
        {
            throw new InvalidConfigurationException(
                "Storage:DataDir (--data-dir) and Postgres:ConnectionString (--postgres) name two stores; give one: a data folder for one server, or PostgreSQL, which several servers may share.");
        }

        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName);
        var where = $"PostgreSQL at {PostgresConnectionText.Describe(options.ConnectionString)} ({PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}, --postgres)";
        var database = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "LongRunningService" }.Build();
        try
        {
            using var timeout = new CancellationTokenSource(MigrationTimeout);
            PostgresSchema.MigrateAsync(database, cancellationToken: timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is PostgresSchemaException or NpgsqlException or SocketException or TimeoutException or OperationCanceledException)
        {
            database.Dispose();
            var reason = exception is OperationCanceledException ? $"no answer within {MigrationTimeout.TotalSeconds:0} s" : OneLine(exception.Message);
            throw new InvalidConfigurationException($"{where} cannot be used: {reason}");
        }

        // Store calls wait for a database round trip on the calling thread (the store interface is synchronous),
        // and creations queue on the registry's lock meanwhile: the pool starts with threads enough for a burst
        // of calls rather than growing by one every half second while they wait.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumWorkerThreads), completions);
        services.AddSingleton(database);
        services.AddSingleton(sp => new PostgresStateStore(database, where, options, sp.GetRequiredService<ILogger<PostgresStateStore>>()));
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<PostgresStateStore>());
        services.AddSingleton<SharedStateCoordinator>();
        services.AddSingleton<LongRunningService.Protocol.Health.IReadinessCondition, PostgresReadiness>();
        services.AddSingleton<LongRunningService.Protocol.Grpc.Served.IFailureStatus, StoreUnavailableStatus>();
        return database;
    }

    /// <summary>Joins the other servers on the database, when there is one: before the server listens.</summary>
    public static void JoinSharedState(this IServiceProvider services) =>
        services.GetService<SharedStateCoordinator>()?.Start();

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
