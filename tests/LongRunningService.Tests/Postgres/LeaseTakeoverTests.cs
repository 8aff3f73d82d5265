using Google.Cloud.AIPlatform.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Postgres;

/// <summary>
/// A server that dies holding work: another server on the same database takes
/// its lease over once it runs out and finishes the work from its stored state.
/// </summary>
public sealed class LeaseTakeoverTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Parent = "projects/shared/locations/us-central1";
    private const string LeaseDuration = "00:00:02";

    private readonly string _folder = Directory.CreateTempSubdirectory("lrs-lease-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PostgresFact]
    public async Task ServerKilledWhileItsJobRuns_AnotherFinishesTheJob()
    {
        var database = await postgres.NewDatabaseAsync();
        var lease = $"--Postgres:LeaseDuration={LeaseDuration}";
        await using var doomed = ServerProcess.Start(_folder, "--port", "0", "--postgres", database, lease);
        await using var survivor = await TestServer.StartAsync(arguments: ["--postgres", database, lease]);
        var onB = new VertexTestClient(survivor.CreateClient());
        PipelineJob job;
        using (var grpcA = new GrpcTestClient(await doomed.ListeningAsync()))
        {
            job = await new VertexTestClient(grpcA).CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "3s")));
        }

        var running = await VertexTestClient.EventuallyAsync(() => onB.GetPipelineJobAsync(job.Name), j => j.State == PipelineState.Running);
        await doomed.KillAsync(); // no clean stop: the lease is left to run out
        var finished = await VertexTestClient.EventuallyAsync(() => onB.GetPipelineJobAsync(job.Name), j => j.State == PipelineState.Succeeded);

        Assert.Equal(PipelineState.Running, running.State);
        Assert.Equal(137, doomed.ExitCode); // 128 + SIGKILL
        Assert.Equal(PipelineState.Succeeded, finished.State);
        Assert.Equal(running.CreateTime, finished.CreateTime);
        Assert.Contains(survivor.Logs.Entries, e => e.Message.Contains($"took over {job.Name}", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task ServerKilledWhileItsOperationRuns_AWaitOnAnotherServerEndsWhenThatServerFinishesIt()
    {
        var database = await postgres.NewDatabaseAsync();
        var lease = $"--Postgres:LeaseDuration={LeaseDuration}";
        await using var doomed = ServerProcess.Start(_folder, "--port", "0", "--postgres", database, lease);
        await using var survivor = await TestServer.StartAsync(arguments: ["--postgres", database, lease]);
        var onB = new OperationsTestClient(survivor.CreateClient());
        Google.LongRunning.Operation started;
        using (var grpcA = new GrpcTestClient(await doomed.ListeningAsync()))
        {
            started = await new OperationsTestClient(grpcA).StartAsync(Parent, new LongRunning.Emulator.V1.OperationScript { Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) });
        }

        var waiting = onB.WaitAsync(started.Name, TimeSpan.FromSeconds(60)); // held on B before its driver dies
        await VertexTestClient.EventuallyAsync(() => onB.GetAsync(started.Name), o => o.Name == started.Name);
        await doomed.KillAsync();
        var ended = await waiting.DefaultTimeout();

        Assert.True(ended.Done);
        Assert.Equal(Google.LongRunning.Operation.ResultOneofCase.Response, ended.ResultCase);
        Assert.Equal(ended, await onB.GetAsync(started.Name));
        Assert.Contains(survivor.Logs.Entries, e => e.Message.Contains($"took over {started.Name}", StringComparison.Ordinal));
    }
}
