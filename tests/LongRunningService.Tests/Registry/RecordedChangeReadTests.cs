using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Services.Vertex;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Registry;

/// <summary>
/// On a store that several servers share, a change is written to the store
/// before memory takes it. Another server may serve it from the moment it is
/// written, so a client that saw it there and then asks this server must not
/// get the older state: a read made while the change is being written waits
/// for it. (Seen as a flaky replica test: B answered CANCELLED, then A's Get
/// still answered the running operation.)
/// </summary>
public sealed class RecordedChangeReadTests
{
    private const string OperationName = "projects/p/locations/l/operations/7";
    private const string JobName = "projects/p/locations/l/pipelineJobs/j7";

    [Fact]
    public async Task Operation_ReadWhileItsResultIsWritten_GetsTheResult()
    {
        var entry = new TrackedOperation(OperationName, "projects/p/locations/l", 7, new Operation { Name = OperationName }, running: true);
        var final = new Operation { Name = OperationName, Done = true, Error = new Google.Rpc.Status { Code = 1, Message = "cancelled" } };
        using var writing = new BlockingWrite();

        var completing = Task.Run(() => entry.TryComplete(final, DateTimeOffset.UnixEpoch, (_, _, _) => writing.Write()));
        await writing.Started.DefaultTimeout();
        var read = Task.Run(() => entry.Snapshot);
        await writing.ReleaseAfterAWhile(read);

        Assert.True(await completing.DefaultTimeout());
        Assert.Same(final, await read.DefaultTimeout());
    }

    [Fact]
    public async Task Operation_ReadWhileAResultTheStoreRefusesIsWritten_GetsTheRunningState()
    {
        var running = new Operation { Name = OperationName };
        var entry = new TrackedOperation(OperationName, "projects/p/locations/l", 7, running, running: true);
        using var writing = new BlockingWrite(accepts: false);

        var completing = Task.Run(() => entry.TryComplete(new Operation { Name = OperationName, Done = true }, DateTimeOffset.UnixEpoch, (_, _, _) => writing.Write()));
        await writing.Started.DefaultTimeout();
        var read = Task.Run(() => entry.Snapshot);
        await writing.ReleaseAfterAWhile(read);

        Assert.False(await completing.DefaultTimeout());
        Assert.Same(running, await read.DefaultTimeout());
        Assert.False(entry.IsDone);
    }

    [Fact]
    public async Task Job_ReadWhileItsCancellationIsWritten_GetsCancelling()
    {
        var type = VertexJobCatalog.ForMessage(PipelineJob.Descriptor.FullName)!;
        var script = new JobScript(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromHours(1), Fails: false, Google.Rpc.Code.Ok, IgnoreCancellation: false, TimeSpan.Zero);
        using var writing = new BlockingWrite();
        var job = new SimulatedJob(type, JobName, "projects/p/locations/l", 7, new PipelineJob { Name = JobName }, script, DateTimeOffset.UnixEpoch)
        {
            Recorder = new Recorder(writing),
        };

        var cancelling = Task.Run(() => job.TryRequestCancel(DateTimeOffset.UnixEpoch, out _));
        await writing.Started.DefaultTimeout();
        var read = Task.Run(() => (PipelineJob)job.Snapshot);
        await writing.ReleaseAfterAWhile(read);

        Assert.True(await cancelling.DefaultTimeout());
        Assert.Equal(PipelineState.Cancelling, (await read.DefaultTimeout()).State);
    }

    [Fact]
    public async Task Job_ReadWhileAChangeTheStoreFailsToWriteIsWritten_GetsTheStateBefore()
    {
        var type = VertexJobCatalog.ForMessage(PipelineJob.Descriptor.FullName)!;
        var script = new JobScript(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromHours(1), Fails: false, Google.Rpc.Code.Ok, IgnoreCancellation: false, TimeSpan.Zero);
        using var writing = new BlockingWrite(fails: true);
        var job = new SimulatedJob(type, JobName, "projects/p/locations/l", 7, new PipelineJob { Name = JobName }, script, DateTimeOffset.UnixEpoch)
        {
            Recorder = new Recorder(writing),
        };

        var cancelling = Task.Run(() => job.TryRequestCancel(DateTimeOffset.UnixEpoch, out _));
        await writing.Started.DefaultTimeout();
        var read = Task.Run(() => (PipelineJob)job.Snapshot);
        await writing.ReleaseAfterAWhile(read);

        await Assert.ThrowsAsync<StateStoreException>(() => cancelling.DefaultTimeout());
        Assert.Equal(PipelineState.Queued, (await read.DefaultTimeout()).State);
        Assert.Equal(JobLifecycleState.Queued, job.Status.State);
    }

    /// <summary>A store write that starts, then waits to be let go: accepted, refused or failed.</summary>
    private sealed class BlockingWrite(bool accepts = true, bool fails = false) : IDisposable
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();

        public Task Started => _started.Task;

        public bool Write()
        {
            _started.TrySetResult();
            _release.Wait(TestTimeouts.Default);
            return fails ? throw new StateStoreException("the database is away") : accepts;
        }

        /// <summary>
        /// Lets the write go once the read has had time to answer (an answer then would be the
        /// state before the write): a read that waits for the write is let go with it.
        /// </summary>
        public async Task ReleaseAfterAWhile(Task read)
        {
            await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(200)));
            _release.Set();
        }

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }

    private sealed class Recorder(BlockingWrite writing) : IJobRecorder
    {
        public bool Record(SimulatedJob job, StoredJobState next, bool answering) => writing.Write();
    }
}
