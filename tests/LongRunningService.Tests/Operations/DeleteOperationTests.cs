using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class DeleteOperationTests(TestStore store) : StoreMatrixTests(store)
{
    [Fact]
    public async Task DeleteOperation_FinishedOperation_LaterGetReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var finished = await client.StartAsync("projects/p", new OperationScript());

        await client.DeleteAsync(finished.Name);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(finished.Name));
        Assert.Equal(Code.NotFound, error.Code());
        Assert.Empty((await client.ListAsync("projects/p")).Operations);
    }

    [Fact]
    public async Task DeleteOperation_RunningOperation_ForgetsIt()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p", OperationsTestClient.LongRunning());
        var registry = server.GetService<IOperationRegistry>();
        var countBefore = registry.Count;

        await client.DeleteAsync(started.Name);

        Assert.Equal(countBefore - 1, registry.Count);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(started.Name));
        Assert.Equal(Code.NotFound, error.Code());
        var again = await Assert.ThrowsAsync<RpcException>(() => client.DeleteAsync(started.Name));
        Assert.Equal(Code.NotFound, again.Code());
    }

    [Fact]
    public async Task DeleteOperation_NameCanBeReusedAfterDeletion()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        await client.StartAsync("projects/p", new OperationScript(), "reused");
        await client.DeleteAsync("projects/p/operations/reused");

        var again = await client.StartAsync("projects/p", OperationsTestClient.LongRunning(), "reused");

        Assert.False(again.Done);
    }
}
