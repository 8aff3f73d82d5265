using Google.Rpc;
using LongRunningService.Operations.Timing;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// Plays a job's script on the engine's clock: QUEUED, PENDING, RUNNING, then
/// SUCCEEDED or FAILED. When a client cancels, the job ends CANCELLED after
/// the script's cancel delay, unless the work would finish within that delay
/// or the script ignores cancellation: then the work wins, as Vertex allows.
/// </summary>
internal sealed partial class JobRunner(TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>
    /// Runs the job; returns a task that ends with it. It starts inline, so the
    /// timer of the job's first stage exists when this returns: a client that
    /// advances a paused clock right after creating the job moves it.
    /// </summary>
    public async Task RunAsync(SimulatedJob job, Action<SimulatedJob> finished)
    {
        try
        {
            await PlayAsync(job);
        }
        catch (Exception exception)
        {
            Log.JobFailed(logger, job.Name, exception);
            Advance(job, JobLifecycleState.Failed, new RpcStatus { Code = (int)Code.Internal, Message = "The simulated job failed inside the server." });
        }

        finished(job);
    }

    private async Task PlayAsync(SimulatedJob job)
    {
        var script = job.Script;
        var start = job.TimelineStart;
        var stages = new (JobLifecycleState Next, DateTimeOffset Due)[]
        {
            (JobLifecycleState.Pending, start + script.Queued),
            (JobLifecycleState.Running, start + script.Queued + script.Pending),
        };
        var end = start + script.Queued + script.Pending + script.Running;
        var cancel = script.IgnoreCancellation ? CancellationToken.None : job.CancellationRequested;

        foreach (var (next, due) in stages)
        {
            if (next <= job.Status.State && job.Status.State is JobLifecycleState.Pending or JobLifecycleState.Running)
            {
                continue; // a loaded or reloaded job that is past this stage already
            }

            if (!await clock.DelayUntilAsync(due, cancel))
            {
                await StopAsync(job, end);
                return;
            }

            Advance(job, next);
        }

        // The running time is shared evenly by the job's units of work, finished one after another.
        var runStart = start + script.Queued + script.Pending;
        for (var unit = Math.Max(1, job.FinishedUnitCount + 1); unit < job.Units; unit++)
        {
            if (!await clock.DelayUntilAsync(runStart + (script.Running * unit / job.Units), cancel))
            {
                await StopAsync(job, end);
                return;
            }

            job.TryFinishUnit(clock.GetUtcNow());
        }

        if (!await clock.DelayUntilAsync(end, cancel))
        {
            await StopAsync(job, end);
            return;
        }

        Finish(job);
    }

    private async Task StopAsync(SimulatedJob job, DateTimeOffset end)
    {
        // The delay runs from the cancellation, not from when this work heard of it (later, on a busy thread pool).
        var stopAt = (job.CancellingSince ?? clock.GetUtcNow()) + job.Script.CancelDelay;
        if (end <= stopAt)
        {
            await clock.DelayUntilAsync(end, CancellationToken.None);
            Finish(job);
            return;
        }

        await clock.DelayUntilAsync(stopAt, CancellationToken.None);
        Advance(
            job,
            JobLifecycleState.Cancelled,
            new RpcStatus { Code = (int)Code.Cancelled, Message = $"The {job.Type.Kind} was cancelled." });
    }

    private void Finish(SimulatedJob job)
    {
        if (job.Script.Fails)
        {
            Advance(
                job,
                JobLifecycleState.Failed,
                new RpcStatus { Code = (int)job.Script.FailureCode, Message = $"The {job.Type.Kind} failed as its script asked (emulator-outcome=failed)." });
        }
        else
        {
            Advance(job, JobLifecycleState.Succeeded);
        }
    }

    // Moves the job on and logs the state it is in now (a CANCELLING job stays so until it ends).
    private void Advance(SimulatedJob job, JobLifecycleState next, RpcStatus? error = null)
    {
        if (!job.TryAdvance(next, clock.GetUtcNow(), error))
        {
            return;
        }

        var state = job.Status.State;
        if (state.IsTerminal())
        {
            JobLog.Ended(logger, job.Name, state, (Code)(error?.Code ?? 0));
        }
        else
        {
            JobLog.StateChanged(logger, job.Name, state);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Error, "Simulated job {Name} failed")]
        public static partial void JobFailed(ILogger logger, string name, Exception exception);
    }
}
