using Google.Cloud.AIPlatform.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class JobDeletionTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";

    [Fact]
    public async Task DeletePipelineJob_Finished_ReturnsOperationThatEndsWithTheJobGone()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var operations = new OperationsTestClient(client.Grpc);
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Succeeded);

        var operation = await client.DeletePipelineJobAsync(created.Name);
        var done = await operations.WaitAsync(operation.Name, TimeSpan.FromSeconds(10));

        Assert.Matches(@"^projects/p/locations/us-central1/operations/\d+$", operation.Name);
        var metadata = operation.Metadata.Unpack<DeleteOperationMetadata>();
        Assert.NotNull(metadata.GenericMetadata.CreateTime);
        Assert.True(done.Done);
        Assert.True(done.Response.Is(Empty.Descriptor));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPipelineJobAsync(created.Name));
        Assert.Equal(Code.NotFound, error.Code());
    }

    [Fact]
    public async Task DeletePipelineJob_Running_ReturnsFailedPreconditionNamingState()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "1h")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Running);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.DeletePipelineJobAsync(created.Name));

        Assert.Equal(Code.FailedPrecondition, error.Code());
        Assert.Equal($"The PipelineJob \"{created.Name}\" is in state PIPELINE_STATE_RUNNING and cannot be deleted; cancel it and wait until it ends first.", error.Status.Detail);
        Assert.Equal(PipelineState.Running, (await client.GetPipelineJobAsync(created.Name)).State);
    }

    [Fact]
    public async Task DeletePipelineJob_Cancelled_Works()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var operations = new OperationsTestClient(client.Grpc);
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));
        await client.CancelPipelineJobAsync(created.Name);
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Cancelled);

        var operation = await client.DeletePipelineJobAsync(created.Name);

        Assert.True((await operations.WaitAsync(operation.Name, TimeSpan.FromSeconds(10))).Done);
        Assert.Equal(operation.Name, (await operations.GetAsync(operation.Name)).Name);
    }
}
