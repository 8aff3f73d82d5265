using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class OperationsEmulatorTests(TestStore store) : StoreMatrixTests(store)
{
    [Fact]
    public async Task StartOperation_ProgressUpdates_MetadataAdvancesWithTheClock()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", new OperationScript
        {
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(4)),
            ProgressUpdates = 3,
        });

        Assert.Equal(0, started.Metadata.Unpack<ScriptedOperationMetadata>().ProgressPercent);
        var next = clock.WhenTimerDueIn(TimeSpan.FromMinutes(1));
        await next.DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(1));
        var quarter = await WaitForProgressAsync(client, started.Name, 25);
        clock.Advance(TimeSpan.FromMinutes(3));
        var done = await client.WaitAsync(started.Name, TimeSpan.FromMinutes(1));

        Assert.False(quarter.Done);
        Assert.True(done.Done);
        var metadata = done.Metadata.Unpack<ScriptedOperationMetadata>();
        Assert.Equal(100, metadata.ProgressPercent);
        Assert.Equal(TimeSpan.FromMinutes(4), metadata.EndTime.ToDateTimeOffset() - metadata.CreateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task StartOperation_ClientChosenIdTaken_ReturnsAlreadyExists()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        await client.StartAsync("projects/p", OperationsTestClient.LongRunning(), "mine");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync("projects/p", null, "mine"));

        Assert.Equal(Code.AlreadyExists, error.Code());
        Assert.Equal("Operation 'projects/p/operations/mine' already exists.", error.Status.Detail);
    }

    [Theory]
    [InlineData("projects/p", "-bad", "operation_id")]
    [InlineData("projects/p", "has space", "operation_id")]
    [InlineData("projects/p/operations", "", "parent")]
    [InlineData("projects//p", "", "parent")]
    public async Task StartOperation_InvalidField_ReturnsInvalidArgumentNamingIt(string parent, string id, string field)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync(parent, null, id));

        Assert.Equal(Code.InvalidArgument, error.Code());
        var violation = Assert.Single(Assert.Single(error.StatusDetails()!.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public async Task StartOperation_ErrorWithCodeOk_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.StartAsync("projects/p", new OperationScript { Error = new Google.Rpc.Status { Message = "x" } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }

    [Fact]
    public async Task BatchStartOperations_StartsCountOperations()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var response = await client.BatchStartAsync("projects/p", 1000);

        Assert.Equal(1000, response.StartedCount);
        var last = await client.GetAsync(response.LastOperation);
        Assert.True(last.Done);
        Assert.True(last.Response.Is(Empty.Descriptor));
        Assert.Equal(1000, (await client.ListAsync("projects/p", pageSize: 1000)).Operations.Count);
    }

    [Fact]
    public async Task BatchStartOperations_RegistryFullOfRunningOperations_ReturnsResourceExhausted()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Operations:MaxOperations"] = "3" });
        var client = new OperationsTestClient(server.CreateClient());
        await client.BatchStartAsync("projects/p", 3, OperationsTestClient.LongRunning());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync("projects/p", OperationsTestClient.LongRunning()));

        Assert.Equal(Code.ResourceExhausted, error.Code());
        Assert.Contains("Operations:MaxOperations", error.Status.Detail);
    }

    [Fact]
    public async Task StartOperation_RegistryFull_OldestFinishedOperationMakesRoom()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Operations:MaxOperations"] = "3" });
        var client = new OperationsTestClient(server.CreateClient());
        var oldest = await client.StartAsync("projects/p", new OperationScript());
        var running = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());
        var newer = await client.StartAsync("projects/p", new OperationScript());

        var added = await client.StartAsync("projects/p", new OperationScript());

        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(oldest.Name))).Code());
        Assert.Equal([running.Name, newer.Name, added.Name], (await client.ListAsync("projects/p")).Operations.Select(o => o.Name));
    }

    [Fact]
    public async Task FinishedOperation_RetentionPasses_IsForgotten()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(
            new Dictionary<string, string?> { ["Operations:Retention"] = "00:10:00" },
            s => s.AddSingleton<TimeProvider>(clock));
        var client = new OperationsTestClient(server.CreateClient());
        var finished = await client.StartAsync("projects/p", new OperationScript());
        var running = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await client.GetAsync(finished.Name)).Done);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(finished.Name))).Code());
        Assert.False((await client.GetAsync(running.Name)).Done);
    }

    private static async Task<Operation> WaitForProgressAsync(OperationsTestClient client, string name, int percent)
    {
        // Progress is published by work that the clock released on another thread; bounded polling of our own API.
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            var operation = await client.GetAsync(name);
            if (operation.Metadata.Unpack<ScriptedOperationMetadata>().ProgressPercent >= percent || DateTime.UtcNow > deadline)
            {
                Assert.Equal(percent, operation.Metadata.Unpack<ScriptedOperationMetadata>().ProgressPercent);
                return operation;
            }

            await Task.Yield();
        }
    }
}
