using System.Text.Json;
using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.ControlPlane;

/// <summary>ListJobs, ListOperations and the journal's watch token: what a dashboard polls.</summary>
public sealed class DashboardListingTests
{
    [Fact]
    public async Task ListJobs_GivesEachJobWithTheTimesOfItsStates_OnTheEmulatorClock()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var paused = await control.PauseAsync();
        var created = await vertex.CreatePipelineJobAsync(
            "projects/a/locations/l",
            VertexTestClient.Pipeline(("emulator-queued", "10s"), ("emulator-pending", "5s"), ("emulator-duration", "1h"), ("emulator-cancel-delay", "2s")));
        await control.AdvanceAsync(TimeSpan.FromSeconds(15));
        await vertex.CancelPipelineJobAsync(created.Name);
        await control.AdvanceAsync(TimeSpan.FromSeconds(2));

        var entry = Assert.Single((await control.ListJobsAsync("a")).Jobs);

        var job = VertexTestClient.Unpack<PipelineJob>(entry.Job);
        Assert.Equal(created.Name, job.Name);
        Assert.Equal(PipelineState.Cancelled, job.State);
        Assert.Equal(
            [SimulatedJobState.Queued, SimulatedJobState.Pending, SimulatedJobState.Running, SimulatedJobState.Cancelling, SimulatedJobState.Cancelled],
            entry.StateHistory.Select(change => change.State));
        var start = paused.Now.ToDateTimeOffset();
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(17)],
            entry.StateHistory.Select(change => change.Time.ToDateTimeOffset() - start));
        await control.RunAsync();
    }

    [Fact]
    public async Task ListJobs_OneProjectOrAll_NewestKeptWhenCapped_WithTheTotal()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            names.Add((await vertex.CreatePipelineJobAsync("projects/a/locations/l", VertexTestClient.Pipeline(), $"job-{i}")).Name);
        }

        await vertex.CreatePipelineJobAsync("projects/b/locations/l", VertexTestClient.Pipeline(), "other");

        var capped = await control.ListJobsAsync("a", pageSize: 2);
        var all = await control.ListJobsAsync();

        Assert.Equal(4, capped.TotalSize);
        Assert.Equal(names[2..], capped.Jobs.Select(e => VertexTestClient.Unpack<PipelineJob>(e.Job).Name));
        Assert.Equal(5, all.TotalSize);
        Assert.Equal(5, all.Jobs.Count);
    }

    [Fact]
    public async Task ListAllOperations_EveryApiOrOneProject_NewestKeptWhenCapped()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var top = await operations.StartAsync("", OperationsTestClient.LongRunning(), "top");
        var first = await operations.StartAsync("projects/a/locations/l", new OperationScript(), "first");
        var second = await operations.StartAsync("projects/a/locations/l", OperationsTestClient.LongRunning(), "second");
        var job = await vertex.CreatePipelineJobAsync("projects/b/locations/l", VertexTestClient.Pipeline(("emulator-duration", "0ms")));
        await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(job.Name), j => j.State == PipelineState.Succeeded);
        var deletion = await vertex.DeletePipelineJobAsync(job.Name);

        var projectA = await control.ListAllOperationsAsync("a");
        var newest = await control.ListAllOperationsAsync(pageSize: 1);
        var all = await control.ListAllOperationsAsync();

        Assert.Equal([first.Name, second.Name], projectA.Operations.Select(o => o.Name));
        Assert.True(projectA.Operations[0].Done);
        Assert.False(projectA.Operations[1].Done);
        Assert.Equal(4, newest.TotalSize);
        Assert.Equal(deletion.Name, Assert.Single(newest.Operations).Name);
        Assert.Equal([top.Name, first.Name, second.Name, deletion.Name], all.Operations.Select(o => o.Name));
    }

    [Theory]
    [InlineData("ListJobs")]
    [InlineData("ListAllOperations")]
    public async Task Listing_BadProjectOrPageSize_IsInvalidArgument(string method)
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();

        var badProject = await grpc.CallRawAsync(ControlTestClient.Service + method, new ListJobsRequest { Project = "a/b" });
        var badSize = await grpc.CallRawAsync(ControlTestClient.Service + method, new ListJobsRequest { PageSize = -1 });

        Assert.Equal((int)Code.InvalidArgument, badProject.GrpcStatus);
        Assert.Equal((int)Code.InvalidArgument, badSize.GrpcStatus);
        Assert.Contains("page_size", badSize.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_JobsAndOperations_AtTheirDocumentedPaths_WithStateNames()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var vertex = new VertexTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var job = await vertex.CreatePipelineJobAsync("projects/a/locations/l", VertexTestClient.Pipeline(("emulator-duration", "1h")));
        var operation = await operations.StartAsync("projects/a/locations/l", OperationsTestClient.LongRunning());
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Default };

        using var jobs = JsonDocument.Parse(await http.GetStringAsync("/emulator/v1/jobs?project=a&pageSize=10"));
        using var ops = JsonDocument.Parse(await http.GetStringAsync("/emulator/v1/operations?project=a"));

        var entry = jobs.RootElement.GetProperty("jobs")[0];
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob", entry.GetProperty("job").GetProperty("@type").GetString());
        Assert.Equal(job.Name, entry.GetProperty("job").GetProperty("name").GetString());
        Assert.Equal("QUEUED", entry.GetProperty("stateHistory")[0].GetProperty("state").GetString());
        Assert.Equal(1, jobs.RootElement.GetProperty("totalSize").GetInt32());
        Assert.Equal(operation.Name, ops.RootElement.GetProperty("operations")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListCalls_WatchToken_ListsOnlyCallsRecordedAfterThePage()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        await operations.StartAsync("projects/p", new OperationScript(), "one");

        var first = await control.ListCallsAsync();
        var nothingNew = await control.ListCallsAsync(pageToken: first.WatchToken);
        await operations.StartAsync("projects/p", new OperationScript(), "two");
        var newer = await control.ListCallsAsync(pageToken: nothingNew.WatchToken);

        Assert.Single(first.Calls);
        Assert.Empty(first.NextPageToken);
        Assert.Empty(nothingNew.Calls);
        Assert.Equal("projects/p", Assert.Single(newer.Calls).Resource);
        // Like any page token, it holds only for the filter it was given with.
        Assert.Equal(Code.InvalidArgument, (await Assert.ThrowsAsync<Grpc.Core.RpcException>(
            () => control.ListCallsAsync(method: "x", pageToken: first.WatchToken))).Code());
    }
}
