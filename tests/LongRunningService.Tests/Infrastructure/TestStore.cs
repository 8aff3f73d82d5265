namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// A store the server under test keeps its state in: one row of the store
/// matrix. Each server started on it gets a fresh, empty store of its own.
/// </summary>
public abstract class TestStore
{
    /// <summary>The default: memory only.</summary>
    public static readonly TestStore Memory = new MemoryStore();

    /// <summary>A SQLite file in a new temporary folder.</summary>
    public static readonly TestStore Sqlite = new SqliteStore();

    /// <summary>A fresh database on a PostgreSQL cluster the test run starts once (see <see cref="PostgresCluster"/>).</summary>
    public static readonly TestStore Postgres = new PostgresStore();

    /// <summary>Short name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Settings that put one server on a fresh store, and what removes that store once the server stopped.</summary>
    public abstract (IReadOnlyDictionary<string, string?> Settings, Action Cleanup) Provision();

    public override string ToString() => Name;

    private sealed class MemoryStore : TestStore
    {
        public override string Name => "memory";

        public override (IReadOnlyDictionary<string, string?>, Action) Provision() => (new Dictionary<string, string?>(), static () => { });
    }

    private sealed class SqliteStore : TestStore
    {
        public override string Name => "sqlite";

        public override (IReadOnlyDictionary<string, string?>, Action) Provision()
        {
            var folder = Directory.CreateTempSubdirectory("lrs-store-").FullName;
            return (new Dictionary<string, string?> { ["Storage:DataDir"] = folder }, () => Directory.Delete(folder, recursive: true));
        }
    }

    private sealed class PostgresStore : TestStore
    {
        public override string Name => "postgres";

        public override (IReadOnlyDictionary<string, string?>, Action) Provision()
        {
            var (connectionString, drop) = PostgresCluster.Shared.CreateDatabase();
            return (new Dictionary<string, string?> { ["Postgres:ConnectionString"] = connectionString }, drop);
        }
    }
}

/// <summary>
/// Functional tests that run once per store: a test class derives from this,
/// starts its servers with <see cref="StartServerAsync"/>, and is made
/// abstract; one sealed subclass per store names the row (see Storage/StoreMatrix.cs).
/// </summary>
public abstract class StoreMatrixTests(TestStore store)
{
    /// <summary>The store this row runs on.</summary>
    protected TestStore Store => store;

    /// <summary><see cref="TestServer.StartAsync"/> on a fresh store of this row.</summary>
    internal Task<TestServer> StartServerAsync(
        IDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        string[]? arguments = null) =>
        TestServer.StartAsync(settings, services, arguments, store);
}
