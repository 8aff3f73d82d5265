using LongRunningService.Hosting;
using LongRunningService.Storage.Postgres;
using LongRunningService.Tests.Infrastructure;
using Npgsql;

namespace LongRunningService.Tests.Postgres;

/// <summary>
/// --postgres at start: the schema is created, an older one migrated with its
/// rows kept, a newer one refused; a database the server cannot use stops it
/// with one line and exit code 2; the password is never written anywhere.
/// </summary>
public sealed class PostgresStartupTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [PostgresFact]
    public async Task EmptyDatabase_GetsTheCurrentSchema()
    {
        var connectionString = await postgres.NewDatabaseAsync();

        await using (await TestServer.StartAsync(arguments: ["--postgres", connectionString]))
        {
        }

        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(PostgresSchema.Version, await PostgresSchema.ReadVersionAsync(database));
    }

    [PostgresFact]
    public async Task OlderSchema_IsMigratedAtStart_KeepingItsRows()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(database, target: 1);
        await using (var insert = database.CreateCommand("INSERT INTO lrs_meta (key, value) VALUES ('kept', 'yes')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using (await TestServer.StartAsync(arguments: ["--postgres", connectionString]))
        {
        }

        Assert.Equal(PostgresSchema.Version, await PostgresSchema.ReadVersionAsync(database));
        await using var read = database.CreateCommand("SELECT value FROM lrs_meta WHERE key = 'kept'");
        Assert.Equal("yes", await read.ExecuteScalarAsync());
        await using var leases = database.CreateCommand("SELECT count(*) FROM lrs_leases");
        Assert.Equal(0L, await leases.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task NewerSchema_IsRefused_OneLine_ExitCode2()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(database);
        await using (var bump = database.CreateCommand($"UPDATE lrs_meta SET value = '{PostgresSchema.Version + 1}' WHERE key = 'schema_version'"))
        {
            await bump.ExecuteNonQueryAsync();
        }

        var error = Refused("--postgres", connectionString);

        Assert.Equal(
            $"{Where(connectionString)} cannot be used: "
            + $"The PostgreSQL database's schema is version {PostgresSchema.Version + 1}, newer than this server's {PostgresSchema.Version}; start a newer server, or give --postgres another database.",
            error);
    }

    [PostgresFact]
    public async Task WrongPassword_IsRefused_WithoutQuotingIt()
    {
        var builder = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync()) { Password = "not-the-Secret-7f3a" };

        var error = Refused("--postgres", builder.ConnectionString);

        Assert.StartsWith($"{Where(builder.ConnectionString)} cannot be used: ", error, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Secret-7f3a", error, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ThePassword_IsNeverLogged()
    {
        var connectionString = await postgres.NewDatabaseAsync();

        await using var server = await TestServer.StartAsync(arguments: ["--postgres", connectionString, "--log-level", "Trace"]);
        using var grpc = server.CreateClient();
        await new OperationsTestClient(grpc).StartAsync("projects/p/locations/l", operationId: "logged");

        Assert.NotEmpty(server.Logs.Entries);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains(postgres.Cluster.Password, StringComparison.Ordinal)
            || (e.Exception?.ToString().Contains(postgres.Cluster.Password, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public void ConnectionStringUnparsable_IsRefused_WithoutQuotingIt()
    {
        var error = Refused("--postgres", "Host=127.0.0.1;secret-b8e1");

        Assert.Equal(
            "Invalid Postgres:ConnectionString (--postgres, env Postgres__ConnectionString): not a PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...).",
            error);
    }

    [PostgresFact]
    public async Task StoredJobOfUnknownType_IsRefused_NamingTheDatabase()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        string jobName;
        await using (var server = await TestServer.StartAsync(arguments: ["--postgres", connectionString]))
        {
            using var grpc = server.CreateClient();
            jobName = (await new VertexTestClient(grpc).CreatePipelineJobAsync("projects/p/locations/l", VertexTestClient.Pipeline(("emulator-duration", "1s")))).Name;
        }

        await using (var database = NpgsqlDataSource.Create(connectionString))
        await using (var rename = database.CreateCommand("UPDATE lrs_jobs SET type_name = 'example.v1.NoSuchJob'"))
        {
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        var error = Refused("--postgres", connectionString);

        Assert.Equal(
            $"{Where(connectionString)}: "
            + $"the store holds job '{jobName}' of type 'example.v1.NoSuchJob', which this server does not run.",
            error);
    }

    [PostgresFact]
    public async Task DamagedPageTokenKey_IsRefused_OneLine_NamingTheRow()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(database);
        await using (var damage = database.CreateCommand("INSERT INTO lrs_meta (key, value) VALUES ('page_token_key', 'AQI=')"))
        {
            await damage.ExecuteNonQueryAsync();
        }

        var error = Refused("--postgres", connectionString);

        Assert.Equal(
            $"{Where(connectionString)}: "
            + "the lrs_meta row 'page_token_key' holds no page token key this server can read; delete the row to make a new one (page tokens handed out before stop working).",
            error);
    }

    // How errors name the database: never with its password.
    private static string Where(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL at 127.0.0.1:{builder.Port}/{builder.Database} (Postgres:ConnectionString, --postgres)";
    }

    private static string Refused(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = ServerCommand.Run(["--port", "0", .. args], output, error);

        Assert.Equal(ServerCommand.InvalidConfigurationExitCode, exitCode);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Run with --help to see every option."], lines[1..]);
        return lines[0]["LongRunningService: ".Length..];
    }
}
