using Google.Cloud.AIPlatform.V1;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class JobOutputsTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";

    [Fact]
    public async Task NasJob_Running_ProducesTrialDetailsOneAfterAnother()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = new VertexTestClient(server.CreateClient());
        var job = VertexTestClient.Nas(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "3m"));
        job.NasJobSpec.MultiTrialAlgorithmSpec = new NasJobSpec.Types.MultiTrialAlgorithmSpec
        {
            SearchTrialSpec = new NasJobSpec.Types.MultiTrialAlgorithmSpec.Types.SearchTrialSpec { MaxTrialCount = 3 },
        };
        var created = await client.CreateNasJobAsync(Parent, job);
        await VertexTestClient.EventuallyAsync(() => client.GetNasJobAsync(created.Name), j => j.State == JobState.Running);

        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(1)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(1));
        var oneDone = await VertexTestClient.EventuallyAsync(() => client.GetNasJobAsync(created.Name), j => j.NasJobOutput?.MultiTrialJobOutput?.SearchTrials.Count == 2);
        var page = await client.Grpc.CallAsync(VertexTestClient.Jobs + "ListNasTrialDetails", new ListNasTrialDetailsRequest { Parent = created.Name, PageSize = 1 }, ListNasTrialDetailsResponse.Parser);
        var second = await client.Grpc.CallAsync(VertexTestClient.Jobs + "ListNasTrialDetails", new ListNasTrialDetailsRequest { Parent = created.Name, PageSize = 1, PageToken = page.NextPageToken }, ListNasTrialDetailsResponse.Parser);
        var detail = await client.Grpc.CallAsync(VertexTestClient.Jobs + "GetNasTrialDetail", new GetNasTrialDetailRequest { Name = created.Name + "/nasTrialDetails/1" }, NasTrialDetail.Parser);

        Assert.Equal([NasTrial.Types.State.Succeeded, NasTrial.Types.State.Active], oneDone.NasJobOutput.MultiTrialJobOutput.SearchTrials.Select(t => t.State));
        Assert.Equal(created.Name + "/nasTrialDetails/1", Assert.Single(page.NasTrialDetails).Name);
        Assert.Equal(created.Name + "/nasTrialDetails/2", Assert.Single(second.NasTrialDetails).Name);
        Assert.Empty(second.NextPageToken);
        Assert.Equal(NasTrial.Types.State.Succeeded, detail.SearchTrial.State);
        Assert.Equal(TimeSpan.FromMinutes(1), detail.SearchTrial.EndTime.ToDateTimeOffset() - detail.SearchTrial.StartTime.ToDateTimeOffset());

        clock.Advance(TimeSpan.FromMinutes(2));
        var done = await VertexTestClient.EventuallyAsync(() => client.GetNasJobAsync(created.Name), j => j.State == JobState.Succeeded);
        Assert.Equal(3, done.NasJobOutput.MultiTrialJobOutput.SearchTrials.Count(t => t.State == NasTrial.Types.State.Succeeded));
    }

    [Fact]
    public async Task GetNasTrialDetail_UnknownTrial_ReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreateNasJobAsync(Parent, VertexTestClient.Nas(("emulator-duration", "1h")));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.JobClient.GetNasTrialDetailAsync(new GetNasTrialDetailRequest { Name = created.Name + "/nasTrialDetails/99" }).ResponseAsync);

        Assert.Equal(Google.Rpc.Code.NotFound, error.Code());
    }

    [Fact]
    public async Task PipelineJob_Cancelled_TaskDetailsShowTheInterruptedTask()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var job = VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "1h"));
        job.PipelineSpec = Struct.Parser.ParseJson("""{"root": {"dag": {"tasks": {"prepare": {}, "train": {}}}}}""");
        var created = await client.CreatePipelineJobAsync(Parent, job);
        var running = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Running);

        await client.CancelPipelineJobAsync(created.Name);
        var cancelled = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Cancelled);

        Assert.Equal(["train", "prepare"], running.JobDetail.TaskDetails.Select(t => t.TaskName));
        Assert.Equal([PipelineTaskDetail.Types.State.Running, PipelineTaskDetail.Types.State.Running], running.JobDetail.TaskDetails.Select(t => t.State));
        Assert.Equal([PipelineTaskDetail.Types.State.Cancelled, PipelineTaskDetail.Types.State.Cancelled], cancelled.JobDetail.TaskDetails.Select(t => t.State));
        Assert.Equal(1, cancelled.JobDetail.TaskDetails[1].ParentTaskId);
    }
}
