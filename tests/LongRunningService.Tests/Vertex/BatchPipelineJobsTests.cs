using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class BatchPipelineJobsTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";
    private static readonly (string, string)[] Instant = [("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")];

    [Fact]
    public async Task BatchCancelPipelineJobs_MixOfStates_CancelsActiveOnesAndSkipsEndedOnes()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var operations = new OperationsTestClient(client.Grpc);
        var finished = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(Instant));
        var queued = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "1h")));
        var running = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "1h")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(finished.Name), j => j.State == PipelineState.Succeeded);
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(running.Name), j => j.State == PipelineState.Running);

        var operation = await client.Grpc.CallAsync(
            VertexTestClient.Pipelines + "BatchCancelPipelineJobs",
            new BatchCancelPipelineJobsRequest { Parent = Parent, Names = { finished.Name, queued.Name, running.Name } },
            Google.LongRunning.Operation.Parser);
        var done = await operations.WaitAsync(operation.Name, TimeSpan.FromSeconds(10));

        Assert.True(operation.Metadata.Is(BatchCancelPipelineJobsOperationMetadata.Descriptor));
        Assert.True(done.Done);
        var response = done.Response.Unpack<BatchCancelPipelineJobsResponse>();
        Assert.Equal(
            [PipelineState.Succeeded, PipelineState.Cancelled, PipelineState.Cancelled],
            response.PipelineJobs.Select(j => j.State));
        Assert.Equal(PipelineState.Cancelled, (await client.GetPipelineJobAsync(running.Name)).State);
    }

    [Fact]
    public async Task BatchCancelPipelineJobs_UnknownName_FailsWholeBatchWithNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var running = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PipelineClient.BatchCancelPipelineJobsAsync(
            new BatchCancelPipelineJobsRequest { Parent = Parent, Names = { running.Name, Parent + "/pipelineJobs/ghost" } }).ResponseAsync);

        Assert.Equal(Code.NotFound, error.Code());
        Assert.NotEqual(PipelineState.Cancelling, (await client.GetPipelineJobAsync(running.Name)).State);
    }

    [Fact]
    public async Task BatchCancelPipelineJobs_TooManyNames_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var request = new BatchCancelPipelineJobsRequest { Parent = Parent };
        request.Names.AddRange(Enumerable.Range(0, 33).Select(i => $"{Parent}/pipelineJobs/j{i}"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PipelineClient.BatchCancelPipelineJobsAsync(request).ResponseAsync);

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal("The field `names` must hold 1 to 32 names; got 33.", error.Status.Detail);
    }

    [Fact]
    public async Task BatchDeletePipelineJobs_AllEnded_DeletesAll()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var operations = new OperationsTestClient(client.Grpc);
        var first = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(Instant));
        var second = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(Instant));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(second.Name), j => j.State == PipelineState.Succeeded);
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(first.Name), j => j.State == PipelineState.Succeeded);

        var operation = await client.Grpc.CallAsync(
            VertexTestClient.Pipelines + "BatchDeletePipelineJobs",
            new BatchDeletePipelineJobsRequest { Parent = Parent, Names = { first.Name, second.Name } },
            Google.LongRunning.Operation.Parser);
        var done = await operations.WaitAsync(operation.Name, TimeSpan.FromSeconds(10));

        Assert.True(operation.Metadata.Is(DeleteOperationMetadata.Descriptor));
        Assert.Equal([first.Name, second.Name], done.Response.Unpack<BatchDeletePipelineJobsResponse>().PipelineJobs.Select(j => j.Name));
        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetPipelineJobAsync(first.Name))).Code());
        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetPipelineJobAsync(second.Name))).Code());
    }

    [Fact]
    public async Task BatchDeletePipelineJobs_OneStillRunning_DeletesNone()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var ended = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(Instant));
        var running = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(ended.Name), j => j.State == PipelineState.Succeeded);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PipelineClient.BatchDeletePipelineJobsAsync(
            new BatchDeletePipelineJobsRequest { Parent = Parent, Names = { ended.Name, running.Name } }).ResponseAsync);

        Assert.Equal(Code.FailedPrecondition, error.Code());
        Assert.EndsWith("no job of the batch was deleted.", error.Status.Detail);
        Assert.Equal(PipelineState.Succeeded, (await client.GetPipelineJobAsync(ended.Name)).State);
    }
}
