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

        var (completed, read) = await writing.ReadDuringAsync(() => entry.TryComplete(final, DateTimeOffset.UnixEpoch, (_, _, _) => writing.Write()), () => entry.Snapshot);

        Assert.True(completed);
        Assert.Same(final, read);
    }

    [Fact]
    public async Task Operation_ReadWhileAResultTheStoreRefusesIsWritten_GetsTheRunningState()
    {
        var running = new Operation { Name = OperationName };
        var entry = new TrackedOperation(OperationName, "projects/p/locations/l", 7, running, running: true);
        using var writing = new BlockingWrite(accepts: false);

        var (completed, read) = await writing.ReadDuringAsync(
            () => entry.TryComplete(new Operation { Name = OperationName, Done = true }, DateTimeOffset.UnixEpoch, (_, _, _) => writing.Write()), () => entry.Snapshot);

        Assert.False(completed);
        Assert.Same(running, read);
        Assert.False(entry.IsDone);
    }

    [Fact]
    public async Task Job_ReadWhileItsCancellationIsWritten_GetsCancelling()
    {
        using var writing = new BlockingWrite();
        var job = PipelineJobRecordedBy(writing);

        var (cancelled, read) = await writing.ReadDuringAsync(() => job.TryRequestCancel(DateTimeOffset.UnixEpoch, out _), () => (PipelineJob)job.Snapshot);

        Assert.True(cancelled);
        Assert.Equal(PipelineState.Cancelling, read.State);
    }

    [Fact]
    public async Task Job_ReadWhileAChangeTheStoreFailsToWriteIsWritten_GetsTheStateBefore()
    {
        using var writing = new BlockingWrite(fails: true);
        var job = PipelineJobRecordedBy(writing);

        var (failure, read) = await writing.ReadDuringAsync(
            () => Record.Exception(() => job.TryRequestCancel(DateTimeOffset.UnixEpoch, out _)), () => (PipelineJob)job.Snapshot);

        Assert.IsType<StateStoreException>(failure);
        Assert.Equal(PipelineState.Queued, read.State);
        Assert.Equal(JobLifecycleState.Queued, job.Status.State);
    }

    private static SimulatedJob PipelineJobRecordedBy(BlockingWrite writing)
    {
        var type = VertexJobCatalog.ForMessage(PipelineJob.Descriptor.FullName)!;
        var script = new JobScript(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromHours(1), Fails: false, Google.Rpc.Code.Ok, IgnoreCancellation: false, TimeSpan.Zero);
        return new SimulatedJob(type, JobName, "projects/p/locations/l", 7, new PipelineJob { Name = JobName }, script, DateTimeOffset.UnixEpoch)
        {
            Recorder = new Recorder(writing),
        };
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
        /// Makes <paramref name="change"/>, whose write blocks, and <paramref name="read"/> once the
        /// write has started; the write is let go once the read had time to answer (an answer then
        /// is the state before the write), or with the read when the read waits for it.
        /// </summary>
        public async Task<(TChange Change, TRead Read)> ReadDuringAsync<TChange, TRead>(Func<TChange> change, Func<TRead> read)
        {
            var changing = Task.Run(change);
            await Started.DefaultTimeout();
            var reading = Task.Run(read);
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(200)));
            _release.Set();
            return (await changing.DefaultTimeout(), await reading.DefaultTimeout());
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
