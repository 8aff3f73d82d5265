using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

/// <summary>Durations a client sends are normalized and bounded at the edge, and long ones run to the end.</summary>
public abstract class ScriptLimitsTests(TestStore store) : StoreMatrixTests(store)
{
    [Theory]
    [InlineData(10, -5)]
    [InlineData(0, 2_000_000_000)]
    [InlineData(-1, 5)]
    public async Task StartOperation_DurationNotNormalized_ReturnsInvalidArgumentNamingTheField(long seconds, int nanos)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartAsync("projects/p", new OperationScript { Duration = new Duration { Seconds = seconds, Nanos = nanos } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `script.duration` is not a valid google.protobuf.Duration", error.Status.Detail);
    }

    [Fact]
    public async Task StartOperation_DurationOfTenThousandYears_ReturnsInvalidArgumentWithTheRange()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartAsync("projects/p", new OperationScript { Duration = new Duration { Seconds = 10_000L * 365 * 86_400 } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal(
            "The field `script.duration` must be between 0s and 31536000s; got seconds=315360000000, nanos=0.",
            error.Status.Detail);
    }

    [Fact]
    public async Task StartOperation_MaxScriptDurationConfigured_LongerCancelDelayIsRefused()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Emulator:MaxScriptDuration"] = "01:00:00" });
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartAsync("projects/p", new OperationScript { CancelDelay = Duration.FromTimeSpan(TimeSpan.FromHours(2)) }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `script.cancel_delay` must be between 0s and 3600s", error.Status.Detail);
    }

    [Fact]
    public async Task StartOperation_DurationOfSixtyDays_SucceedsWhenTheClockGetsThere()
    {
        await using var server = await StartServerAsync();
        using var grpc = server.CreateClient();
        var client = new OperationsTestClient(grpc);
        var control = new ControlTestClient(grpc);
        await control.PauseAsync();
        var started = await client.StartAsync("projects/p", new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromDays(60)) });

        await control.AdvanceAsync(TimeSpan.FromDays(59));
        var running = await client.GetAsync(started.Name);
        await control.AdvanceAsync(TimeSpan.FromDays(1));
        var done = await VertexTestClient.EventuallyAsync(() => client.GetAsync(started.Name), o => o.Done);

        Assert.False(running.Done);
        Assert.Equal(Operation.ResultOneofCase.Response, done.ResultCase);
    }

    [Fact]
    public async Task WaitOperation_TimeoutNotNormalized_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Grpc.CallAsync(
            OperationsTestClient.Operations + "WaitOperation",
            new WaitOperationRequest { Name = started.Name, Timeout = new Duration { Seconds = 1, Nanos = -5 } },
            Operation.Parser));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `timeout` is not a valid google.protobuf.Duration", error.Status.Detail);
    }

    [Fact]
    public async Task CreatePipelineJob_DurationLabelBeyondTheMaximum_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var vertex = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            vertex.CreatePipelineJobAsync("projects/p/locations/l", VertexTestClient.Pipeline(("emulator-duration", "999999999h"))));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal("pipeline_job.labels", Assert.Single(Assert.Single(error.StatusDetails()!.Details).Unpack<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task CreateFaultRule_DelayNotNormalized_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var control = new ControlTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            control.AddFaultAsync(new FaultRule { Method = "*", Delay = new Duration { Seconds = 1, Nanos = 2_000_000_000 } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `fault_rule.delay` is not a valid google.protobuf.Duration", error.Status.Detail);
    }
}
