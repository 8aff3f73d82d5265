using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Optimization;
using CloudOptimization = Google.Cloud.Optimization.V1;
using RouteOptimization = Google.Maps.RouteOptimization.V1;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Tests.Storage;

/// <summary>
/// The built server on a SQLite data folder, stopped with SIGTERM or killed
/// with SIGKILL while work runs, then started again on the same folder: every
/// operation and job reads back as it was, running work goes on against the
/// clock and ends as its script says, and a cancellation answered OK just
/// before the stop is honoured after it. Optimization operations of both
/// APIs run on to their response too, and a page token handed out before the
/// stop gives the next page after it.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private const string Parent = "projects/restart/locations/us-central1";

    // A project on the realistic latency profile, whose optimization operations take a while to cancel.
    private const string SlowProject = "restart-slow";

    // Listed before the stop; the rest is asked for with the page token after it.
    private const int FirstPageSize = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("lrs-restart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Restart_EveryOperationAndJobReadsBack_RunningWorkEndsAsScripted_CancelBeforeStopIsHonoured(bool kill) =>
        RestartAndCheckAsync(_folder, kill, "--data-dir", Path.Combine(_folder, "data"));

    /// <summary>The restart check on the store these arguments name (the PostgreSQL store runs it too).</summary>
    internal static async Task RestartAndCheckAsync(string folder, bool kill, params string[] store)
    {
        Before before;
        await using (var first = ServerProcess.Start(folder, ["--port", "0", .. store]))
        {
            using var grpc = new GrpcTestClient(await first.ListeningAsync());
            before = await SetUpAsync(grpc);
            if (kill)
            {
                await first.KillAsync();
            }
            else
            {
                Assert.Equal(0, await first.TerminateAsync());
            }
        }

        await using (var second = ServerProcess.Start(folder, ["--port", "0", .. store]))
        {
            using var grpc = new GrpcTestClient(await second.ListeningAsync());
            var operations = new OperationsTestClient(grpc);
            var vertex = new VertexTestClient(grpc);
            var control = new ControlTestClient(grpc);

            // The clock stands where it was paused.
            var clock = await control.GetClockAsync();
            Assert.Equal(Clock.Types.Mode.Paused, clock.Mode);
            Assert.Equal(before.ClockNow, clock.Now);

            // Everything reads back exactly; the deleted ones stay gone.
            foreach (var operation in before.Operations)
            {
                Assert.Equal(operation, await operations.GetAsync(operation.Name));
            }

            foreach (var job in before.Jobs)
            {
                Assert.Equal(job, await vertex.GetPipelineJobAsync(job.Name));
            }

            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => operations.GetAsync(before.DeletedOperation))).StatusCode);
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => vertex.GetPipelineJobAsync(before.DeletedJob))).StatusCode);
            var listed = await operations.ListAsync(Parent, pageSize: 100);
            Assert.Equal(before.Listed, listed.Operations.Select(o => o.Name));
            var nextPage = await operations.ListAsync(Parent, pageSize: 100, pageToken: before.NextPageToken);
            Assert.Equal(before.Listed.Skip(FirstPageSize), nextPage.Operations.Select(o => o.Name));

            // Running work goes on against the clock and ends as scripted.
            await control.AdvanceAsync(TimeSpan.FromHours(2));
            var succeeded = await operations.GetAsync(before.Succeeds);
            Assert.True(succeeded.Done);
            Assert.Equal(Operation.ResultOneofCase.Response, succeeded.ResultCase);
            var failed = await operations.GetAsync(before.Fails);
            Assert.True(failed.Done);
            Assert.Equal((int)Google.Rpc.Code.DataLoss, failed.Error.Code);
            var cancelled = await operations.GetAsync(before.CancelledBeforeStop);
            Assert.True(cancelled.Done);
            Assert.Equal(1, cancelled.Error.Code);
            Assert.Equal(PipelineState.Succeeded, (await vertex.GetPipelineJobAsync(before.RunningJob)).State);
            var cancelledJob = await vertex.GetPipelineJobAsync(before.CancellingJob);
            Assert.Equal(PipelineState.Cancelled, cancelledJob.State);
            Assert.Equal(1, cancelledJob.Error.Code);

            // Nothing runs on forever, and what had ended before the stop did not end again.
            var all = await control.ListAllOperationsAsync("restart", pageSize: 100);
            Assert.All(all.Operations, o => Assert.True(o.Done, $"{o.Name} is still running"));
            foreach (var operation in before.Operations.Where(o => o.Done))
            {
                Assert.Equal(operation, await operations.GetAsync(operation.Name));
            }

            var deletion = await operations.GetAsync(before.Deletion);
            Assert.True(deletion.Done);
            Assert.Equal(Operation.ResultOneofCase.Response, deletion.ResultCase);
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => vertex.GetPipelineJobAsync(before.DeletingJob))).StatusCode);
            Assert.Equal(before.Jobs.Single(j => j.Name == before.SucceededJob), await vertex.GetPipelineJobAsync(before.SucceededJob));

            // Optimization operations end as they would have: with their response, or CANCELLED.
            var cloudBatch = await operations.GetAsync(before.CloudBatch);
            Assert.Equal(new CloudOptimization.BatchOptimizeToursResponse(), cloudBatch.Response.Unpack<CloudOptimization.BatchOptimizeToursResponse>());
            var cloudMetadata = cloudBatch.Metadata.Unpack<CloudOptimization.AsyncModelMetadata>();
            Assert.Equal(CloudOptimization.AsyncModelMetadata.Types.State.Succeeded, cloudMetadata.State);
            Assert.Equal(before.Operations.Single(o => o.Name == before.CloudBatch).Metadata.Unpack<CloudOptimization.AsyncModelMetadata>().CreateTime, cloudMetadata.CreateTime);
            var routeBatch = await operations.GetAsync(before.RouteBatch);
            Assert.Equal(new RouteOptimization.BatchOptimizeToursResponse(), routeBatch.Response.Unpack<RouteOptimization.BatchOptimizeToursResponse>());
            Assert.Equal(new RouteOptimization.BatchOptimizeToursMetadata(), routeBatch.Metadata.Unpack<RouteOptimization.BatchOptimizeToursMetadata>());
            var planned = await grpc.CallAsync(RouteOptimizationTests.Service + "OptimizeTours", RouteOptimizationTests.Tours(Parent), RouteOptimization.OptimizeToursResponse.Parser);
            Assert.Equal(planned, (await operations.GetAsync(before.RouteLongRunning)).Response.Unpack<RouteOptimization.OptimizeToursResponse>());
            var routeCancelled = await operations.GetAsync(before.RouteCancelled);
            Assert.True(routeCancelled.Done);
            Assert.Equal(1, routeCancelled.Error.Code);
        }
    }

    [Fact]
    public async Task Restart_RunningClock_GoesOnFromItsOffset()
    {
        var dataDir = Path.Combine(_folder, "data");
        Timestamp advanced;
        await using (var first = ServerProcess.Start(_folder, "--port", "0", "--data-dir", dataDir))
        {
            using var grpc = new GrpcTestClient(await first.ListeningAsync());
            var control = new ControlTestClient(grpc);
            await control.AdvanceAsync(TimeSpan.FromDays(3));
            advanced = (await control.GetClockAsync()).Now;
            await first.KillAsync();
        }

        await using var second = ServerProcess.Start(_folder, "--port", "0", "--data-dir", dataDir);
        using var again = new GrpcTestClient(await second.ListeningAsync());
        var clock = await new ControlTestClient(again).GetClockAsync();

        Assert.Equal(Clock.Types.Mode.Running, clock.Mode);
        Assert.True(clock.Now.ToDateTimeOffset() > advanced.ToDateTimeOffset(), "the clock went back");
        Assert.True(clock.Now.ToDateTimeOffset() > DateTimeOffset.UtcNow + TimeSpan.FromDays(2), "the clock lost its offset");
    }

    // Operations and jobs in every state, on a paused clock; the last calls are cancellations answered just before the stop.
    private static async Task<Before> SetUpAsync(GrpcTestClient grpc)
    {
        var operations = new OperationsTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var control = new ControlTestClient(grpc);
        await control.PauseAsync();

        var succeeds = await operations.StartAsync(Parent, new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)), ProgressUpdates = 3 });
        var fails = await operations.StartAsync(Parent, new OperationScript
        {
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            Error = new RpcStatus { Code = (int)Google.Rpc.Code.DataLoss, Message = "scripted loss" },
        });
        var cancelling = await operations.StartAsync(Parent, new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)), CancelDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)) });
        var done = await operations.StartAsync(Parent, new OperationScript { Response = Any.Pack(new StringValue { Value = "answer" }) });
        var failedAtOnce = await operations.StartAsync(Parent, new OperationScript { Error = new RpcStatus { Code = (int)Google.Rpc.Code.NotFound, Message = "nothing there" } });
        var deleted = await operations.StartAsync(Parent, OperationsTestClient.LongRunning());
        await operations.CancelAsync(deleted.Name);
        await operations.WaitAsync(deleted.Name, TimeSpan.FromSeconds(10));
        await operations.DeleteAsync(deleted.Name);

        var runningJob = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));
        var succeededJob = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1s")));
        var deletedJob = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1s")));
        var cancellingJob = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h"), ("emulator-cancel-delay", "5m")));
        var deletingJob = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1s")));
        await control.AdvanceAsync(TimeSpan.FromSeconds(5));
        await vertex.DeletePipelineJobAsync(deletedJob.Name);
        await control.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => vertex.GetPipelineJobAsync(deletedJob.Name))).StatusCode);

        // A deletion whose operation still runs at the stop (the clock stands still).
        var deletion = await vertex.DeletePipelineJobAsync(deletingJob.Name);

        // Optimization operations of both APIs, running at the stop.
        var cloudBatch = await BatchOptimizeToursTests.BatchOptimizeAsync(grpc, BatchOptimizeToursTests.Request(Parent));
        var routeBatch = await RouteOptimizationTests.StartAsync(grpc, "BatchOptimizeTours", Parent);
        var routeLongRunning = await RouteOptimizationTests.StartAsync(grpc, "OptimizeToursLongRunning", Parent);
        await control.SetLatencyProfileAsync(SlowProject, "realistic");
        var routeCancelled = await RouteOptimizationTests.StartAsync(grpc, "BatchOptimizeTours", $"projects/{SlowProject}/locations/us-central1");

        // Accepted just before the stop.
        await operations.CancelAsync(cancelling.Name);
        await vertex.CancelPipelineJobAsync(cancellingJob.Name);
        await operations.CancelAsync(routeCancelled.Name);

        var names = new[]
        {
            succeeds.Name, fails.Name, cancelling.Name, done.Name, failedAtOnce.Name, deletion.Name,
            cloudBatch.Name, routeBatch.Name, routeLongRunning.Name, routeCancelled.Name,
        };
        var snapshot = new List<Operation>();
        foreach (var name in names)
        {
            snapshot.Add(await operations.GetAsync(name));
        }

        Assert.False(snapshot[2].Done);
        Assert.True(snapshot[3].Done);
        Assert.False(snapshot[5].Done);
        Assert.All(snapshot.Skip(6), o => Assert.False(o.Done, $"{o.Name} is done before the stop"));
        var jobs = new List<PipelineJob>();
        foreach (var name in new[] { runningJob.Name, succeededJob.Name, cancellingJob.Name })
        {
            jobs.Add(await vertex.GetPipelineJobAsync(name));
        }

        Assert.Equal(PipelineState.Running, jobs[0].State);
        Assert.Equal(PipelineState.Succeeded, jobs[1].State);
        Assert.Equal(PipelineState.Cancelling, jobs[2].State);
        var listed = (await operations.ListAsync(Parent, pageSize: 100)).Operations.Select(o => o.Name).ToList();
        var firstPage = await operations.ListAsync(Parent, pageSize: FirstPageSize);
        Assert.Equal(listed.Take(FirstPageSize), firstPage.Operations.Select(o => o.Name));
        Assert.NotEmpty(firstPage.NextPageToken);
        return new Before(
            (await control.GetClockAsync()).Now,
            snapshot,
            jobs,
            listed,
            firstPage.NextPageToken,
            succeeds.Name,
            fails.Name,
            cancelling.Name,
            deleted.Name,
            runningJob.Name,
            succeededJob.Name,
            cancellingJob.Name,
            deletedJob.Name,
            deletion.Name,
            deletingJob.Name,
            cloudBatch.Name,
            routeBatch.Name,
            routeLongRunning.Name,
            routeCancelled.Name);
    }

    private sealed record Before(
        Timestamp ClockNow,
        IReadOnlyList<Operation> Operations,
        IReadOnlyList<PipelineJob> Jobs,
        IReadOnlyList<string> Listed,
        string NextPageToken,
        string Succeeds,
        string Fails,
        string CancelledBeforeStop,
        string DeletedOperation,
        string RunningJob,
        string SucceededJob,
        string CancellingJob,
        string DeletedJob,
        string Deletion,
        string DeletingJob,
        string CloudBatch,
        string RouteBatch,
        string RouteLongRunning,
        string RouteCancelled);
}
