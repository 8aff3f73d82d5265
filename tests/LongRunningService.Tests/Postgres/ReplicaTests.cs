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
