using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class JobCancellationTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";

    [Theory]
    [InlineData("1h", "0ms", "0ms", PipelineState.Queued)]
    [InlineData("0ms", "1h", "0ms", PipelineState.Pending)]
    [InlineData("0ms", "0ms", "1h", PipelineState.Running)]
    public async Task CancelPipelineJob_InEveryActiveState_PassesCancellingAndEndsCancelled(string queued, string pending, string running, PipelineState stateAtCancel)
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(
            ("emulator-queued", queued), ("emulator-pending", pending), ("emulator-duration", running), ("emulator-cancel-delay", "300ms")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == stateAtCancel);

        await client.CancelPipelineJobAsync(created.Name);
        var cancelling = await client.GetPipelineJobAsync(created.Name);
        var cancelled = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Cancelled);

        Assert.Equal(PipelineState.Cancelling, cancelling.State);
        Assert.Equal(PipelineState.Cancelled, cancelled.State);
        Assert.Equal((int)Code.Cancelled, cancelled.Error.Code);
        Assert.NotNull(cancelled.EndTime);
        Assert.Equal(stateAtCancel == PipelineState.Running, cancelled.StartTime is not null);
    }

    [Fact]
    public async Task CancelPipelineJob_AfterSuccess_ReturnsFailedPreconditionInVertexForm()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Succeeded);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CancelPipelineJobAsync(created.Name));

        Assert.Equal(Code.FailedPrecondition, error.Code());
        Assert.Equal($"The PipelineJob \"{created.Name}\" is in state PIPELINE_STATE_SUCCEEDED and cannot be canceled.", error.Status.Detail);
        Assert.Equal(PipelineState.Succeeded, (await client.GetPipelineJobAsync(created.Name)).State);
    }

    [Fact]
    public async Task CancelPipelineJob_ScriptIgnoresCancellation_WorkWinsFromCancelling()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1s"), ("emulator-ignore-cancel", "true")));

        await client.CancelPipelineJobAsync(created.Name);
        var cancelling = await client.GetPipelineJobAsync(created.Name);
        var done = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Succeeded);

        Assert.Equal(PipelineState.Cancelling, cancelling.State);
        Assert.Equal(PipelineState.Succeeded, done.State);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task CancelPipelineJob_WorkEndsWithinCancelDelay_EndsSucceeded()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "500ms"), ("emulator-cancel-delay", "1h")));

        await client.CancelPipelineJobAsync(created.Name);
        var done = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State is PipelineState.Succeeded or PipelineState.Cancelled);

        Assert.Equal(PipelineState.Succeeded, done.State);
    }

    [Fact]
    public async Task CancelPipelineJob_Twice_SecondIsAlsoAccepted()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h"), ("emulator-cancel-delay", "1h")));

        await client.CancelPipelineJobAsync(created.Name);
        await client.CancelPipelineJobAsync(created.Name);

        Assert.Equal(PipelineState.Cancelling, (await client.GetPipelineJobAsync(created.Name)).State);
    }

    [Fact]
    public async Task CancelPipelineJob_UnknownName_ReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CancelPipelineJobAsync(Parent + "/pipelineJobs/ghost"));

        Assert.Equal(Code.NotFound, error.Code());
    }

    [Fact]
    public async Task CancelNasJob_Running_EndsCancelledWithCode1()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreateNasJobAsync(Parent, VertexTestClient.Nas(("emulator-duration", "1h")));

        await client.CancelNasJobAsync(created.Name);
        var cancelled = await VertexTestClient.EventuallyAsync(() => client.GetNasJobAsync(created.Name), j => j.State == JobState.Cancelled);

        Assert.StartsWith(Parent + "/nasJobs/", created.Name);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal((int)Code.Cancelled, cancelled.Error.Code);
    }

    [Fact]
    public async Task CancelNasJob_AfterSuccess_NamesJobState()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreateNasJobAsync(Parent, VertexTestClient.Nas(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));
        await VertexTestClient.EventuallyAsync(() => client.GetNasJobAsync(created.Name), j => j.State == JobState.Succeeded);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CancelNasJobAsync(created.Name));

        Assert.Equal($"The NasJob \"{created.Name}\" is in state JOB_STATE_SUCCEEDED and cannot be canceled.", error.Status.Detail);
    }

    [Fact]
    public async Task CreateNasJob_MissingRequiredField_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateNasJobAsync(Parent, new NasJob { DisplayName = "x" }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal("The field `nas_job.nas_job_spec` is required.", error.Status.Detail);
    }
}
