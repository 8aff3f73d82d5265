using Google.Cloud.AIPlatform.V1;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using Npgsql;

namespace LongRunningService.Tests.Postgres;

/// <summary>
/// Two servers on one PostgreSQL database, each on its own loopback port:
/// what one accepts, the other finds at once, waits on, cancels and deletes.
/// </summary>
public sealed class ReplicaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Parent = "projects/shared/locations/us-central1";

    [PostgresFact]
    public async Task OperationCreatedOnA_WaitedOnB_CancelledOnA_EndsCancelledOnB()
    {
        await using var pair = await ServerPair.StartAsync(postgres);
        var (grpcA, grpcB) = (pair.A, pair.B);
        var onA = new OperationsTestClient(grpcA);
        var onB = new OperationsTestClient(grpcB);

        var started = await onA.StartAsync(Parent, OperationsTestClient.LongRunning());
        var seen = await onB.GetAsync(started.Name);       // right after A answered: B reads it through
        var waiting = onB.WaitAsync(started.Name, TimeSpan.FromSeconds(10));
        await onA.CancelAsync(started.Name);
        var ended = await waiting.DefaultTimeout();

        Assert.Equal(started.Name, seen.Name);
        Assert.False(seen.Done);
        Assert.True(ended.Done);
        Assert.Equal(1, ended.Error.Code);
        Assert.Equal(ended, await onA.GetAsync(started.Name));
    }

    [PostgresFact]
    public async Task OperationCreatedOnA_CancelledOnB_IsCancelledByA_AndDeletedOnB_IsGoneOnA()
    {
        await using var pair = await ServerPair.StartAsync(postgres);
        var (grpcA, grpcB) = (pair.A, pair.B);
        var onA = new OperationsTestClient(grpcA);
        var onB = new OperationsTestClient(grpcB);

        var started = await onA.StartAsync(Parent, OperationsTestClient.LongRunning(), "cancelled-elsewhere");
        await onB.CancelAsync(started.Name);
        var ended = await onA.WaitAsync(started.Name, TimeSpan.FromSeconds(10)).DefaultTimeout();
        await onB.DeleteAsync(started.Name);
        var gone = await VertexTestClient.EventuallyAsync(
            () => grpcA.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = started.Name }, Google.LongRunning.Operation.Parser),
            code => code == Google.Rpc.Code.NotFound);

        Assert.True(ended.Done);
        Assert.Equal(1, ended.Error.Code);
        Assert.Equal(Google.Rpc.Code.NotFound, gone);
    }

    [PostgresFact]
    public async Task JobCreatedOnA_CancelledOnB_ReadsCancelledOnBoth()
    {
        await using var pair = await ServerPair.StartAsync(postgres);
        var onA = new VertexTestClient(pair.A);
        var onB = new VertexTestClient(pair.B);

        var job = await onA.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));
        var seen = await onB.GetPipelineJobAsync(job.Name);
        await onB.CancelPipelineJobAsync(job.Name);
        var onBEnd = await VertexTestClient.EventuallyAsync(() => onB.GetPipelineJobAsync(job.Name), j => j.State == PipelineState.Cancelled);
        var onAEnd = await onA.GetPipelineJobAsync(job.Name);

        Assert.Equal(job.Name, seen.Name);
        Assert.Equal(PipelineState.Cancelled, onBEnd.State);
        Assert.Equal(1, onBEnd.Error.Code);
        Assert.Equal(onBEnd, onAEnd);
    }

    [PostgresFact]
    public async Task ClockPausedAndAdvancedOnA_ReadsTheSameOnB()
    {
        await using var pair = await ServerPair.StartAsync(postgres);
        var onA = new ControlTestClient(pair.A);
        var onB = new ControlTestClient(pair.B);

        await onA.PauseAsync();
        await onA.AdvanceAsync(TimeSpan.FromHours(5));
        var clockA = await onA.GetClockAsync();
        var clockB = await VertexTestClient.EventuallyAsync(() => onB.GetClockAsync(), c => c.Now == clockA.Now);

        Assert.Equal(LongRunning.Emulator.V1.Clock.Types.Mode.Paused, clockB.Mode);
        Assert.Equal(clockA.Now, clockB.Now);
    }

    [PostgresFact]
    public async Task ServersStartedTogetherOnAFreshDatabase_ListInOrderOfSequence_PageOneOnA_PageTwoOnB()
    {
        var database = await postgres.NewDatabaseAsync();
        var started = await Task.WhenAll(
            TestServer.StartAsync(arguments: ["--postgres", database]),
            TestServer.StartAsync(arguments: ["--postgres", database]));
        await using var pair = new ServerPair(started[0], started[1]);
        var onA = new OperationsTestClient(pair.A);
        var onB = new OperationsTestClient(pair.B);
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add((await (i % 2 == 0 ? onA : onB).StartAsync(Parent, OperationsTestClient.LongRunning())).Name);
        }

        // Each server lists from what it holds, which hears of the other's creations just after they answered.
        foreach (var server in new[] { onA, onB })
        {
            await VertexTestClient.EventuallyAsync(() => server.ListAsync(Parent, pageSize: 100), r => r.Operations.Count == names.Count);
        }

        // Each server numbers its creations from a block of sequences of its own, A's first (it created first).
        var bySequence = names.Where((_, i) => i % 2 == 0).Concat(names.Where((_, i) => i % 2 == 1)).ToList();
        var first = await onA.ListAsync(Parent, pageSize: 2);
        var second = await onB.ListAsync(Parent, pageSize: 2, pageToken: first.NextPageToken);
        var third = await onA.ListAsync(Parent, pageSize: 2, pageToken: second.NextPageToken);

        Assert.Equal(bySequence[..2], first.Operations.Select(o => o.Name));
        Assert.Equal(bySequence[2..4], second.Operations.Select(o => o.Name));
        Assert.Equal(bySequence[4..], third.Operations.Select(o => o.Name));
        Assert.Empty(third.NextPageToken);
    }

    [PostgresFact]
    public async Task ManyConcurrentCreatesOnBothServers_EachListsEveryOneOnce_InOrderOfSequence()
    {
        const int Clients = 16;
        const int PerClient = 25;
        await using var pair = await ServerPair.StartAsync(postgres);
        var created = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var client = new OperationsTestClient(c % 2 == 0 ? pair.A : pair.B);
            var names = new List<string>();
            for (var i = 0; i < PerClient; i++)
            {
                names.Add((await client.StartAsync(Parent, OperationsTestClient.LongRunning(), $"c{c}-{i}")).Name);
            }

            return names;
        }))).WaitAsync(TimeSpan.FromSeconds(120));
        var expected = created.SelectMany(n => n).Order(StringComparer.Ordinal).ToList();

        foreach (var server in new[] { pair.A, pair.B })
        {
            var client = new OperationsTestClient(server);
            var listed = await VertexTestClient.EventuallyAsync(() => ListAllAsync(client, Parent), l => l.Count == expected.Count);
            Assert.Equal(expected, listed.Select(o => o.Name).Order(StringComparer.Ordinal));

            // Listing follows the order of sequence, and a server's own creations hold theirs in the order they answered.
            foreach (var mine in created.Where((_, c) => (c % 2 == 0) == (server == pair.A)))
            {
                var positions = mine.Select(name => listed.FindIndex(o => o.Name == name)).ToList();
                Assert.Equal(positions.Order(), positions);
            }
        }
    }

    [PostgresFact]
    public async Task CreateWhileTheDatabaseIsUnreachable_FailsAndLeavesNoTrace_TheSameNameIsCreatedOnceItIsBack()
    {
        var (database, role) = await postgres.NewDatabaseForOwnRoleAsync();
        await using var server = await TestServer.StartAsync(arguments: ["--postgres", database]);
        using var grpc = server.CreateClient();
        var client = new OperationsTestClient(grpc);
        await client.StartAsync(Parent, OperationsTestClient.LongRunning(), "before");

        await postgres.CutOffAsync(role);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.StartAsync(Parent, OperationsTestClient.LongRunning(), "retried"));
        var listedDuring = await client.ListAsync(Parent, pageSize: 100);
        await postgres.LetBackAsync(role);

        // Back: the name is neither held nor stored (a get reads an unheld name through to the database).
        var missing = await VertexTestClient.EventuallyAsync(
            () => grpc.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = $"{Parent}/operations/retried" }, Google.LongRunning.Operation.Parser),
            code => code != Google.Rpc.Code.Unavailable);
        var created = await VertexTestClient.EventuallyAsync(
            async () =>
            {
                try
                {
                    return await client.StartAsync(Parent, OperationsTestClient.LongRunning(), "retried");
                }
                catch (Grpc.Core.RpcException exception) when (exception.StatusCode == Grpc.Core.StatusCode.Unavailable)
                {
                    return null;
                }
            },
            o => o is not null);

        Assert.Equal(Grpc.Core.StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal(Google.Rpc.Code.NotFound, missing);
        Assert.Equal([$"{Parent}/operations/before"], listedDuring.Operations.Select(o => o.Name));
        Assert.Equal($"{Parent}/operations/retried", created?.Name);
        Assert.False(created!.Done);
    }

    [PostgresFact]
    public async Task BatchOfMoreThanAHundredThousandOnA_IsListedOnB_AndAWaitOnBEndsWhenAFinishesOne()
    {
        const int Count = 100_001;
        var database = await postgres.NewDatabaseAsync();
        string[] arguments = ["--postgres", database, "--max-operations", "150000"];
        await using var first = await TestServer.StartAsync(arguments: arguments);
        await using var second = await TestServer.StartAsync(arguments: arguments);
        var slow = TimeSpan.FromMinutes(3);
        using var grpcA = new GrpcTestClient(first.BaseAddress, timeout: slow);
        using var grpcB = new GrpcTestClient(second.BaseAddress, timeout: slow);
        var onA = new OperationsTestClient(grpcA);
        var onB = new OperationsTestClient(grpcB);

        var batch = await onA.BatchStartAsync(Parent, Count, OperationsTestClient.LongRunning());

        // B lists only what it holds, so this is the one notice of the whole batch at work (B reads no name through).
        var listed = new List<Google.LongRunning.Operation>();
        var deadline = DateTime.UtcNow + slow;
        while (listed.Count < Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            listed = await ListAllAsync(onB, Parent);
        }

        var waiting = onB.WaitAsync(batch.LastOperation, TimeSpan.FromSeconds(60));
        await onA.CancelAsync(batch.LastOperation);
        var ended = await waiting.WaitAsync(slow);

        Assert.Equal(Count, batch.StartedCount);
        Assert.Equal(Count, listed.Count);
        Assert.Equal(Count, listed.Select(o => o.Name).Distinct().Count());
        Assert.Equal(batch.FirstOperation, listed[0].Name);
        Assert.Equal(batch.LastOperation, listed[^1].Name);
        Assert.True(ended.Done);
        Assert.Equal(1, ended.Error.Code);
    }

    /// <summary>Two servers on a fresh database, and a client of each.</summary>
    [PostgresFact]
    public async Task ListenerCutOff_ChangesOnAMeanwhile_BServesThemOnceItListensAgain()
    {
        // B connects as a role of its own, so that its listening connection alone can be cut and kept out.
        var (asB, role) = await postgres.NewDatabaseForOwnRoleAsync();
        var database = new NpgsqlConnectionStringBuilder(asB) { Username = new NpgsqlConnectionStringBuilder(postgres.Cluster.ConnectionString()).Username }.ConnectionString;
        await using var first = await TestServer.StartAsync(arguments: ["--postgres", database]);
        await using var second = await TestServer.StartAsync(arguments: ["--postgres", asB]);
        using var grpcA = first.CreateClient();
        using var grpcB = second.CreateClient();
        var onA = new OperationsTestClient(grpcA);
        var onB = new OperationsTestClient(grpcB);
        var cancelled = await onA.StartAsync(Parent, OperationsTestClient.LongRunning());
        var deleted = await onA.StartAsync(Parent, new OperationScript { Response = Any.Pack(new StringValue { Value = "done" }) });
        Assert.False((await onB.GetAsync(cancelled.Name)).Done);
        Assert.True((await onB.GetAsync(deleted.Name)).Done);

        var cut = await postgres.CutOffAsync(role, "LISTEN%");
        await onA.CancelAsync(cancelled.Name);
        var ended = await onA.WaitAsync(cancelled.Name, TimeSpan.FromSeconds(10)).DefaultTimeout();
        await onA.DeleteAsync(deleted.Name);
        var unheard = await onB.GetAsync(cancelled.Name);
        await postgres.LetBackAsync(role);

        var caughtUp = await VertexTestClient.EventuallyAsync(() => onB.GetAsync(cancelled.Name), o => o.Done);
        var gone = await VertexTestClient.EventuallyAsync(
            () => grpcB.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = deleted.Name }, Google.LongRunning.Operation.Parser),
            code => code == Google.Rpc.Code.NotFound);

        Assert.Equal(1, cut);
        Assert.False(unheard.Done);
        Assert.Equal(ended, caughtUp);
        Assert.Equal(Google.Rpc.Code.NotFound, gone);
    }

    private static async Task<List<Google.LongRunning.Operation>> ListAllAsync(OperationsTestClient client, string parent)
    {
        var all = new List<Google.LongRunning.Operation>();
        var token = "";
        do
        {
            var page = await client.ListAsync(parent, pageSize: 1000, pageToken: token);
            all.AddRange(page.Operations);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    private sealed class ServerPair(TestServer first, TestServer second) : IAsyncDisposable
    {
        public GrpcTestClient A { get; } = first.CreateClient();

        public GrpcTestClient B { get; } = second.CreateClient();

        public static async Task<ServerPair> StartAsync(PostgresFixture postgres)
        {
            var database = await postgres.NewDatabaseAsync();
            var first = await TestServer.StartAsync(arguments: ["--postgres", database]);
            return new ServerPair(first, await TestServer.StartAsync(arguments: ["--postgres", database]));
        }

        public async ValueTask DisposeAsync()
        {
            A.Dispose();
            B.Dispose();
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}
