using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class WaitOperationTests(TestStore store) : StoreMatrixTests(store)
{
    [Fact]
    public async Task WaitOperation_OperationFinishesDuringWait_ReturnsAsSoonAsDone()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var waiting = client.WaitAsync(started.Name, TimeSpan.FromMinutes(1));
        await client.CancelAsync(started.Name);
        var operation = await waiting.DefaultTimeout();

        Assert.True(operation.Done);
        Assert.Equal((int)Code.Cancelled, operation.Error.Code);
    }

    [Fact]
    public async Task WaitOperation_TimeoutPasses_ReturnsLatestStateWithoutError()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var waiting = client.WaitAsync(started.Name, TimeSpan.FromMinutes(10));
        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(10)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(10));
        var operation = await waiting.DefaultTimeout();

        Assert.False(operation.Done);
        Assert.Equal(started.Name, operation.Name);
    }

    [Fact]
    public async Task WaitOperation_DoneOperation_ReturnsImmediately()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var finished = await client.StartAsync("projects/p", new OperationScript());

        var operation = await client.WaitAsync(finished.Name, TimeSpan.FromHours(1));

        Assert.Equal(finished, operation);
    }

    [Fact]
    public async Task WaitOperation_NoTimeout_IsBoundedByServerMaximum()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(
            new Dictionary<string, string?> { ["Operations:MaxWaitTimeout"] = "00:00:30" },
            s => s.AddSingleton<TimeProvider>(clock));
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var waiting = client.WaitAsync(started.Name);
        await clock.WhenTimerDueIn(TimeSpan.FromSeconds(30)).DefaultTimeout();
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False((await waiting.DefaultTimeout()).Done);
    }

    [Fact]
    public async Task WaitOperation_CallDeadlineShorterThanTimeout_ReturnsLatestStateBeforeTheDeadline()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var operation = await client.Client.WaitOperationAsync(
            new Google.LongRunning.WaitOperationRequest { Name = started.Name, Timeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) },
            deadline: DateTime.UtcNow.AddSeconds(1));

        Assert.False(operation.Done);
    }

    [Fact]
    public async Task WaitOperation_NegativeTimeout_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.WaitAsync(started.Name, TimeSpan.FromSeconds(-1)));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `timeout` must not be negative", error.Status.Detail);
    }

    [Fact]
    public async Task WaitOperation_UnknownName_ReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.WaitAsync("operations/42", TimeSpan.FromSeconds(1)));

        Assert.Equal(Code.NotFound, error.Code());
    }

    [Fact]
    public async Task WaitOperation_ServerShutsDown_WaiterGetsUnavailable()
    {
        var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());
        var waiting = client.Grpc.CallRawAsync(
            OperationsTestClient.Operations + "WaitOperation",
            new Google.LongRunning.WaitOperationRequest { Name = started.Name, Timeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)) });
        await WaitUntilWaitingAsync(waiting);

        var stopwatch = Stopwatch.StartNew();
        await server.DisposeAsync();
        var result = await waiting.DefaultTimeout();

        Assert.Equal(Code.Unavailable, result.StatusCode);
        Assert.Equal("The server is shutting down.", result.GrpcMessage);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Shutdown took {stopwatch.Elapsed}.");
    }

    // On the real clock there is no timer to watch: give the call a moment, and check it is still waiting.
    private static async Task WaitUntilWaitingAsync(Task waiting)
    {
        var finished = await Task.WhenAny(waiting, Task.Delay(300));
        Assert.NotSame(waiting, finished);
    }
}
