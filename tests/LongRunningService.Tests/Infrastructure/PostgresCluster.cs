using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary folder, started
/// with pg_ctl on a free loopback port, its socket in that folder; stopped and
/// removed on disposal. PostgreSQL refuses to run as root, so a root test run
/// starts it as the <c>postgres</c> user, which owns the folder. Clients log
/// in over TCP with a password (SCRAM), as a server in the field would.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string User = "lrs";
    private const string Unprivileged = "postgres";

    private readonly string _bin;
    private readonly string _root;
    private readonly string _password;
    private int _databases;

    private static readonly Lazy<PostgresCluster> SharedCluster = new(() =>
    {
        var cluster = StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    });

    private PostgresCluster(string bin, string root, string password)
    {
        _bin = bin;
        _root = root;
        _password = password;
    }

    public int Port { get; private set; }

    /// <summary>One cluster for the whole test run (the store matrix's servers), stopped when the run ends.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = PostgresBinaries.Directory
            ?? throw new InvalidOperationException(
                $"{PostgresBinaries.RequireVariable}=1 but PostgreSQL's initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin (or LRS_POSTGRES_BIN).");
        var root = Directory.CreateTempSubdirectory("lrs-pg-").FullName;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var cluster = new PostgresCluster(bin, root, password);
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string to the cluster's <paramref name="database"/> (default: the maintenance database).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Password = _password,
            Database = database,
        }.ConnectionString;

    public string Password => _password;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Task.Run(() => CreateDatabase().ConnectionString);

    /// <summary>Creates an empty database; returns its connection string and what drops it (once its server stopped).</summary>
    public (string ConnectionString, Action Drop) CreateDatabase()
    {
        var name = $"lrs_test_{Interlocked.Increment(ref _databases)}";
        Execute($"CREATE DATABASE {name}");
        return (ConnectionString(name), () =>
        {
            NpgsqlConnection.ClearAllPools();
            Execute($"DROP DATABASE {name} WITH (FORCE)");
        });
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // Immediate: the data goes with the folder, nothing needs a clean shutdown.
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held goes with the temporary folder's own clean-up.
        }
    }

    private void Execute(string statement)
    {
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand(statement, connection);
        command.ExecuteNonQuery();
    }

    private async Task InitializeAsync()
    {
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, _password);
        if (Environment.IsPrivilegedProcess)
        {
            await RunToolAsync("chown", "-R", Unprivileged, _root);
        }

        await RunAsync(
            "initdb", "-D", DataDirectory, "-U", User, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
        // A free port found here may be taken by another test's server before PostgreSQL binds it: then another one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(
                    "pg_ctl", "-D", DataDirectory, "-l", ServerLog, "-w", "-t", "60",
                    // Commits are not waited onto the disk: the tests kill servers, never the database, and
                    // the store matrix runs many servers at once on a machine that may be slow to sync.
                    "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c synchronous_commit=off", "start");
                return;
            }
            catch (InvalidOperationException exception) when (attempt < 5 && exception.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                File.Delete(ServerLog);
            }
        }
    }

    private string ServerLog => Path.Combine(_root, "server.log");

    // A PostgreSQL program, run as the unprivileged user when this process is root.
    private Task RunAsync(string program, params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunToolAsync("runuser", ["-u", Unprivileged, "--", Path.Combine(_bin, program), .. args])
            : RunToolAsync(Path.Combine(_bin, program), args);

    private async Task RunToolAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            var serverLog = File.Exists(ServerLog) ? await File.ReadAllTextAsync(ServerLog) : "";
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}{serverLog}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// One cluster per test class (a class fixture), started only when the class's
/// tests run; each test takes a fresh database from it.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    internal PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster did not start.");

    public async Task InitializeAsync()
    {
        if (PostgresBinaries.SkipReason is null)
        {
            _cluster = await PostgresCluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database's connection string.</summary>
    internal Task<string> NewDatabaseAsync() => Cluster.CreateDatabaseAsync();

    /// <summary>
    /// A fresh database's connection string for a role of its own, so that a test can cut a server off
    /// (<see cref="CutOffAsync"/>) and let it back (<see cref="LetBackAsync"/>) while others stay connected.
    /// </summary>
    internal async Task<(string ConnectionString, string Role)> NewDatabaseForOwnRoleAsync()
    {
        var role = $"lrs_role_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{Cluster.Password}'");
        var database = await NewDatabaseAsync();
        return (new NpgsqlConnectionStringBuilder(database) { Username = role }.ConnectionString, role);
    }

    /// <summary>Keeps <paramref name="role"/> from connecting and ends its connections that <paramref name="lastQueryLike"/> matches; returns how many.</summary>
    internal async Task<long> CutOffAsync(string role, string lastQueryLike = "%")
    {
        await AdminAsync($"ALTER ROLE {role} NOLOGIN");
        return (long)(await AdminAsync(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}' AND query LIKE '{lastQueryLike}'"))!;
    }

    /// <summary>Lets <paramref name="role"/> connect again.</summary>
    internal Task LetBackAsync(string role) => AdminAsync($"ALTER ROLE {role} LOGIN");

    private async Task<object?> AdminAsync(string statement)
    {
        await using var connection = new NpgsqlConnection(Cluster.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        return await command.ExecuteScalarAsync();
    }
}
