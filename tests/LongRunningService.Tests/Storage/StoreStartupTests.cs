using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Storage.Sqlite;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LongRunningService.Tests.Storage;

/// <summary>
/// A SQLite data file the server cannot use stops the start with one message
/// and exit code 2; an older one is brought up to date and served.
/// </summary>
public sealed class StoreStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lrs-store-startup-").FullName;

    private string DataFile => Path.Combine(_folder, SqliteStateStore.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void NewerSchema_IsRefusedWithOneMessage()
    {
        Execute($"PRAGMA user_version = {SqliteSchema.Current + 1}");

        var error = StartupRefusal.Message("--data-dir", _folder);

        Assert.Equal(
            $"Storage:DataDir, --data-dir: The data file '{DataFile}' has schema version {SqliteSchema.Current + 1}, newer than this server's {SqliteSchema.Current}; run a newer server on it, or give this one another --data-dir.",
            error);
    }

    [Fact]
    public void FileThatIsNotADatabase_IsRefusedWithOneMessage()
    {
        File.WriteAllBytes(DataFile, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 37))]);

        var error = StartupRefusal.Message("--data-dir", _folder);

        Assert.StartsWith($"Storage:DataDir, --data-dir: The data file '{DataFile}' cannot be used: ", error, StringComparison.Ordinal);
        Assert.Contains("not a database", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedRecord_IsRefusedWithOneMessageNamingIt()
    {
        Execute(string.Concat(SqliteSchema.Steps) + $"PRAGMA user_version = {SqliteSchema.Current};");
        Execute("INSERT INTO operations (name, sequence, state, done) VALUES ('operations/broken', 1, x'ffffffff', 1)");

        var error = StartupRefusal.Message("--data-dir", _folder);

        Assert.Equal(
            $"Storage:DataDir, --data-dir: The data file '{DataFile}' holds operation 'operations/broken' that cannot be read; restore the file from a backup or start with another --data-dir.",
            error);
    }

    [Fact]
    public void DamagedPageTokenKey_IsRefusedWithOneMessageNamingIt()
    {
        Execute(string.Concat(SqliteSchema.Steps) + $"PRAGMA user_version = {SqliteSchema.Current};");
        Execute("INSERT INTO meta (name, value) VALUES ('page_token_key', x'0102')");

        var error = StartupRefusal.Message("--data-dir", _folder);

        Assert.Equal(
            $"Storage:DataDir, --data-dir: The data file '{DataFile}' holds the page token key that cannot be read; restore the file from a backup or start with another --data-dir.",
            error);
    }

    [Fact]
    public async Task FolderHeldByAnotherServer_IsRefused()
    {
        await using var first = await TestServer.StartAsync(new Dictionary<string, string?> { ["Storage:DataDir"] = _folder });

        var error = StartupRefusal.Message("--data-dir", _folder);

        Assert.Equal($"Storage:DataDir, --data-dir: The data file '{DataFile}' is in use by another server; give each server its own --data-dir.", error);
    }

    [Fact]
    public async Task OlderSchema_IsMigrated_AndItsOperationsServed()
    {
        var stored = new Operation { Name = "projects/p/locations/l/operations/kept", Done = true, Response = Any.Pack(new StringValue { Value = "from version 1" }) };
        Execute(SqliteSchema.Step1 + "PRAGMA user_version = 1;");
        using (var connection = Open())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO operations (name, sequence, state, done, completed_at) VALUES ($name, 7, $state, 1, $at)";
            insert.Parameters.AddWithValue("$name", stored.Name);
            insert.Parameters.AddWithValue("$state", stored.ToByteArray());
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
            insert.ExecuteNonQuery();
        }

        await using (var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Storage:DataDir"] = _folder }))
        {
            using var grpc = server.CreateClient();
            Assert.Equal(stored, await new OperationsTestClient(grpc).GetAsync(stored.Name));
            var clock = await new ControlTestClient(grpc).PauseAsync(); // written to the table the migration added
            Assert.Equal(LongRunning.Emulator.V1.Clock.Types.Mode.Paused, clock.Mode);
        }

        Assert.Equal((long)SqliteSchema.Current, Execute("PRAGMA user_version"));
        Assert.Equal(1L, Execute("SELECT paused FROM clock"));
    }

    [Fact]
    public async Task VersionTwo_GetsAPageTokenKeyKeptFromThenOn_AndKeepsItsData()
    {
        const string parent = "projects/p/locations/l";
        Execute(SqliteSchema.Step1 + SqliteSchema.Step2 + "PRAGMA user_version = 2;");
        var stored = new List<Operation>();
        using (var connection = Open())
        {
            for (var i = 1; i <= 3; i++)
            {
                var operation = new Operation { Name = $"{parent}/operations/kept-{i}", Done = true, Response = Any.Pack(new StringValue { Value = $"from version 2, {i}" }) };
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO operations (name, sequence, state, done, completed_at) VALUES ($name, $sequence, $state, 1, $at)";
                insert.Parameters.AddWithValue("$name", operation.Name);
                insert.Parameters.AddWithValue("$sequence", i);
                insert.Parameters.AddWithValue("$state", operation.ToByteArray());
                insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
                insert.ExecuteNonQuery();
                stored.Add(operation);
            }
        }

        string token;
        await using (var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Storage:DataDir"] = _folder }))
        {
            using var grpc = server.CreateClient();
            var first = await new OperationsTestClient(grpc).ListAsync(parent, pageSize: 2);
            Assert.Equal(stored[..2], first.Operations);
            token = first.NextPageToken;
        }

        Assert.Equal((long)SqliteSchema.Current, Execute("PRAGMA user_version"));
        var key = Assert.IsType<byte[]>(Execute("SELECT value FROM meta WHERE name = 'page_token_key'"));
        Assert.Equal(32, key.Length);
        await using (var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Storage:DataDir"] = _folder }))
        {
            using var grpc = server.CreateClient();
            var rest = await new OperationsTestClient(grpc).ListAsync(parent, pageSize: 2, pageToken: token);
            Assert.Equal(stored[2..], rest.Operations);
        }

        Assert.Equal(key, Execute("SELECT value FROM meta WHERE name = 'page_token_key'"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DataFile};Pooling=False");
        connection.Open();
        return connection;
    }

    private object? Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
