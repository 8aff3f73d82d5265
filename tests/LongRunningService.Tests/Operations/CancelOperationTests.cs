using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class CancelOperationTests(TestStore store) : StoreMatrixTests(store)
{
    [Fact]
    public async Task CancelOperation_RunningOperation_EndsDoneWithCancelledAndIsKept()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning());

        var reply = await client.CancelAsync(started.Name);
        var operation = await client.WaitAsync(started.Name, TimeSpan.FromSeconds(10));

        Assert.Equal(new Empty(), reply);
        Assert.True(operation.Done);
        Assert.Equal((int)Code.Cancelled, operation.Error.Code);
        Assert.Equal("Operation was cancelled.", operation.Error.Message);
        Assert.True(operation.Metadata.Unpack<ScriptedOperationMetadata>().CancelRequested);
        Assert.Equal(operation, await client.GetAsync(started.Name));
    }

    [Fact]
    public async Task CancelOperation_FinishedOperation_KeepsItsResult()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var response = Any.Pack(new StringValue { Value = "done first" });
        var finished = await client.StartAsync("projects/p", new OperationScript { Response = response });

        await client.CancelAsync(finished.Name);

        Assert.Equal(finished, await client.GetAsync(finished.Name));
    }

    [Fact]
    public async Task CancelOperation_WorkIgnoringCancellation_FinishesWithItsResult()
    {
        await using var server = await StartServerAsync();
        using var grpc = server.CreateClient();
        var client = new OperationsTestClient(grpc);
        var control = new ControlTestClient(grpc);
        var response = Any.Pack(new StringValue { Value = "the work won" });
        // On a paused clock the cancellation surely arrives while the work still runs.
        await control.PauseAsync();
        var started = await client.StartAsync("projects/p", new OperationScript
        {
            Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300)),
            IgnoreCancellation = true,
            Response = response,
        });

        await client.CancelAsync(started.Name);
        await control.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        var operation = await client.WaitAsync(started.Name, TimeSpan.FromSeconds(10));

        Assert.True(operation.Done);
        Assert.Equal(response, operation.Response);
        Assert.True(operation.Metadata.Unpack<ScriptedOperationMetadata>().CancelRequested);
    }

    [Fact]
    public async Task CancelOperation_WorkEndsWithinCancelDelay_WorkWins()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", new OperationScript
        {
            Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200)),
            CancelDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        });

        await client.CancelAsync(started.Name);
        var operation = await client.WaitAsync(started.Name, TimeSpan.FromSeconds(10));

        Assert.True(operation.Done);
        Assert.Equal(Operation.ResultOneofCase.Response, operation.ResultCase);
    }

    [Fact]
    public async Task CancelOperation_ReturnsBeforeTheCancellationTakesEffect()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", new OperationScript
        {
            Duration = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
            CancelDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        });

        await client.CancelAsync(started.Name);
        var operation = await client.GetAsync(started.Name);

        Assert.False(operation.Done);
    }

    [Fact]
    public async Task CancelOperation_UnknownName_ReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CancelAsync("operations/nope"));

        Assert.Equal(Code.NotFound, error.Code());
        Assert.Equal("Operation 'operations/nope' was not found.", error.Status.Detail);
    }

    [Fact]
    public async Task CancelOperation_MalformedName_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CancelAsync("projects/p/jobs/1"));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }
}
