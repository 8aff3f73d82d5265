using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunningService.Operations.Registry;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

/// <summary>Creation in bulk is all or nothing, and freeing room never needs room.</summary>
public abstract class RegistryRoomTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/l";

    [Fact]
    public async Task BatchStartOperations_TenWithRoomForFive_StartsNone()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Operations:MaxOperations"] = "5" });
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.BatchStartAsync(Parent, 10, OperationsTestClient.LongRunning()));

        Assert.Equal(Code.ResourceExhausted, error.Code());
        Assert.EndsWith("None was started.", error.Status.Detail);
        Assert.Equal(0, server.GetService<IOperationRegistry>().Count);
    }

    [Fact]
    public async Task DeletePipelineJob_RegistryFullOfRunningOperations_StartsTheDeletion()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Operations:MaxOperations"] = "3" });
        using var grpc = server.CreateClient();
        var vertex = new VertexTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var job = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(
            ("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));
        await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(job.Name), j => j.State == PipelineState.Succeeded);
        await operations.BatchStartAsync(Parent, 3, OperationsTestClient.LongRunning());

        var deletion = await vertex.DeletePipelineJobAsync(job.Name);
        var deleted = await VertexTestClient.EventuallyAsync(() => operations.GetAsync(deletion.Name), o => o.Done);

        Assert.True(deleted.Done);
        Assert.Null(deleted.Error);
        var gone = await Assert.ThrowsAsync<RpcException>(() => vertex.GetPipelineJobAsync(job.Name));
        Assert.Equal(Code.NotFound, gone.Code());
    }
}
