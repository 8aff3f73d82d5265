using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class PipelineJobLifecycleTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";

    [Fact]
    public async Task CreatePipelineJob_ClockAdvances_PassesThroughEveryStateWithTimes()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartServerAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(
            ("emulator-queued", "1m"), ("emulator-pending", "1m"), ("emulator-duration", "10m")), "my-run");

        Assert.Equal($"{Parent}/pipelineJobs/my-run", created.Name);
        Assert.Equal(PipelineState.Queued, created.State);
        Assert.Equal(clock.GetUtcNow(), created.CreateTime.ToDateTimeOffset());
        Assert.Null(created.StartTime);

        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(1)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(1));
        var pending = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Pending);
        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(1)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(1));
        var running = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Running);
        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(10)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(10));
        var done = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Succeeded);

        Assert.Equal(PipelineState.Pending, pending.State);
        Assert.Equal(PipelineState.Running, running.State);
        Assert.Equal(created.CreateTime.ToDateTimeOffset().AddMinutes(2), running.StartTime.ToDateTimeOffset());
        Assert.Equal(PipelineState.Succeeded, done.State);
        Assert.Equal(created.CreateTime.ToDateTimeOffset().AddMinutes(12), done.EndTime.ToDateTimeOffset());
        Assert.Equal(done.EndTime, done.UpdateTime);
        Assert.Null(done.Error);
        Assert.Equal("train", done.DisplayName);
    }

    [Fact]
    public async Task CreatePipelineJob_ScriptedFailure_EndsFailedWithTheScriptedCode()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(
            ("emulator-outcome", "failed"), ("emulator-error-code", "resource_exhausted"), ("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));

        var failed = await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(created.Name), j => j.State == PipelineState.Failed);

        Assert.Equal(PipelineState.Failed, failed.State);
        Assert.Equal((int)Code.ResourceExhausted, failed.Error.Code);
    }

    [Fact]
    public async Task CreatePipelineJob_OutputOnlyFieldsOnInput_AreIgnored()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var job = VertexTestClient.Pipeline(("emulator-duration", "1h"));
        job.Name = "projects/other/locations/x/pipelineJobs/forged";
        job.State = PipelineState.Succeeded;
        job.Error = new Google.Rpc.Status { Code = 5 };
        job.EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);

        var created = await client.CreatePipelineJobAsync(Parent, job);

        Assert.StartsWith(Parent + "/pipelineJobs/", created.Name);
        Assert.Equal(PipelineState.Queued, created.State);
        Assert.Null(created.Error);
        Assert.Null(created.EndTime);
    }

    [Fact]
    public async Task CreatePipelineJob_TakenId_ReturnsAlreadyExists()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(), "twice");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(), "twice"));

        Assert.Equal(Code.AlreadyExists, error.Code());
        Assert.Equal($"PipelineJob '{Parent}/pipelineJobs/twice' already exists.", error.Status.Detail);
    }

    [Theory]
    [InlineData("Bad", "pipeline_job_id")]
    [InlineData("1abc", "pipeline_job_id")]
    [InlineData("has_underscore", "pipeline_job_id")]
    public async Task CreatePipelineJob_InvalidId_ReturnsInvalidArgument(string id, string field)
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(), id));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal($"The field `{field}` '{id}' is invalid: it must match the regular expression [a-z][-a-z0-9]{{0,127}}.", error.Status.Detail);
    }

    [Theory]
    [InlineData("projects/p")]
    [InlineData("projects/p/locations")]
    [InlineData("locations/l/projects/p")]
    public async Task CreatePipelineJob_ParentNotALocation_ReturnsInvalidArgument(string parent)
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePipelineJobAsync(parent, VertexTestClient.Pipeline()));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Contains("is not a location", error.Status.Detail);
    }

    [Fact]
    public async Task CreatePipelineJob_ProjectNumberOrId_BothWork()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var byNumber = await client.CreatePipelineJobAsync("projects/123456789012/locations/europe-west4", VertexTestClient.Pipeline());
        var byId = await client.CreatePipelineJobAsync("projects/my-project-id/locations/europe-west4", VertexTestClient.Pipeline());

        Assert.StartsWith("projects/123456789012/locations/europe-west4/pipelineJobs/", byNumber.Name);
        Assert.StartsWith("projects/my-project-id/locations/europe-west4/pipelineJobs/", byId.Name);
    }

    [Fact]
    public async Task CreatePipelineJob_BadScriptLabel_ReturnsInvalidArgumentNamingIt()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "soon"))));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal("Label 'emulator-duration' must be a duration such as '500ms', '30s', '2m' or '1h', not 'soon'.", error.Status.Detail);
    }

    [Fact]
    public async Task GetPipelineJob_UnknownName_ReturnsNotFound()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPipelineJobAsync(Parent + "/pipelineJobs/nope"));

        Assert.Equal(Code.NotFound, error.Code());
        Assert.Equal($"PipelineJob '{Parent}/pipelineJobs/nope' was not found.", error.Status.Detail);
    }

    [Fact]
    public async Task GetPipelineJob_MalformedName_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPipelineJobAsync(Parent + "/nasJobs/1"));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }

    [Fact]
    public async Task GetPipelineJob_ThroughV1Beta1_ReadsTheSameJob()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var created = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));

        var beta = await client.Grpc.CallAsync(
            "/google.cloud.aiplatform.v1beta1.PipelineService/GetPipelineJob",
            new Google.Cloud.AIPlatform.V1Beta1.GetPipelineJobRequest { Name = created.Name },
            Google.Cloud.AIPlatform.V1Beta1.PipelineJob.Parser);

        Assert.Equal(created.Name, beta.Name);
        Assert.Equal("train", beta.DisplayName);
    }

    [Fact]
    public async Task UnemulatedMethod_ReturnsUnimplemented()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.JobClient.CreateModelDeploymentMonitoringJobAsync(new CreateModelDeploymentMonitoringJobRequest { Parent = Parent }).ResponseAsync);

        Assert.Equal(Code.Unimplemented, error.Code());
    }

    [Fact]
    public async Task ManyClients_CreateThePipelineJobOfOneId_OneIsOk_TheRestAlreadyExists()
    {
        const int Clients = 16;
        await using var server = await StartServerAsync();
        var grpcs = Enumerable.Range(0, Clients).Select(_ => server.CreateClient()).ToList();
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = grpcs.Select(grpc => Task.Run(async () =>
            {
                var client = new VertexTestClient(grpc);
                await go.Task;
                try
                {
                    await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")), "contested");
                    return Grpc.Core.StatusCode.OK;
                }
                catch (RpcException exception)
                {
                    return exception.StatusCode;
                }
            })).ToList();
            go.SetResult();
            var codes = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
            var held = await new VertexTestClient(grpcs[0]).GetPipelineJobAsync($"{Parent}/pipelineJobs/contested");

            Assert.Equal(1, codes.Count(c => c == Grpc.Core.StatusCode.OK));
            Assert.Equal(Clients - 1, codes.Count(c => c == Grpc.Core.StatusCode.AlreadyExists));
            Assert.Contains(held.State, new[] { PipelineState.Queued, PipelineState.Pending, PipelineState.Running });
        }
        finally
        {
            grpcs.ForEach(g => g.Dispose());
        }
    }
}
