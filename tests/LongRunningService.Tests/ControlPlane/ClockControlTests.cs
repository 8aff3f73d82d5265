using Google.Cloud.AIPlatform.V1;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

public sealed class ClockControlTests
{
    private const string Parent = "projects/p/locations/us-central1";

    [Fact]
    public async Task PausedClock_PipelineJobMovesOnlyWhenAdvanced()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        await control.PauseAsync();
        var created = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(
            ("emulator-queued", "1m"), ("emulator-pending", "1m"), ("emulator-duration", "30m")));

        var stillQueued = await vertex.GetPipelineJobAsync(created.Name);
        await control.AdvanceAsync(TimeSpan.FromMinutes(2));
        var running = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Running);
        await control.AdvanceAsync(TimeSpan.FromMinutes(30));
        var done = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Succeeded);

        Assert.Equal(PipelineState.Queued, stillQueued.State);
        Assert.Equal(PipelineState.Running, running.State);
        Assert.Equal(PipelineState.Succeeded, done.State);
        Assert.Equal(TimeSpan.FromMinutes(32), done.EndTime.ToDateTimeOffset() - done.CreateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task PausedClock_WaitOperationTenMinutes_ReturnsWhenAdvancedTenMinutes()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        await control.PauseAsync();
        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning());
        var before = await control.GetClockAsync();

        var waiting = operations.WaitAsync(started.Name, TimeSpan.FromMinutes(10));
        await VertexTestClient.EventuallyAsync(control.GetClockAsync, c => c.PendingTimers > before.PendingTimers);
        await control.AdvanceAsync(TimeSpan.FromMinutes(10));
        var result = await waiting.DefaultTimeout();

        Assert.False(result.Done);
        Assert.Equal(started.Name, result.Name);
    }

    [Fact]
    public async Task AdvanceToNextEvent_JumpsToTheNextScheduledTransition()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var paused = await control.PauseAsync();
        var created = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "7m"), ("emulator-pending", "1h")));

        var moved = await control.AdvanceToNextAsync();
        var pending = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Pending);

        Assert.Equal(PipelineState.Pending, pending.State);
        Assert.True(moved.Now.ToDateTimeOffset() - paused.Now.ToDateTimeOffset() >= TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task UpdateClock_RunningWithScale_IsReported()
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());

        var clock = await control.RunAsync(scale: 60);

        Assert.Equal(Clock.Types.Mode.Running, clock.Mode);
        Assert.Equal(60, clock.Scale);
    }

    [Fact]
    public async Task AdvanceClock_NonPositiveDuration_ReturnsInvalidArgument()
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => control.AdvanceAsync(TimeSpan.Zero));

        Assert.Equal(Google.Rpc.Code.InvalidArgument, error.Code());
    }
}
