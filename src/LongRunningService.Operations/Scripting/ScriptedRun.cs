using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;

namespace LongRunningService.Operations.Scripting;

/// <summary>
/// One scripted operation while it runs: a single clock timer moves it from
/// one progress update to the next and to its end, and cancellation reaches it
/// through <see cref="ICancellableWork"/>. No task, token or registration is
/// held per operation, so a million running operations stay cheap, and
/// advancing the clock past them runs each one's step directly.
/// </summary>
internal sealed class ScriptedRun(ScriptedOperationRunner runner, OperationHandle handle, OperationScript script, DateTimeOffset created, TimeSpan duration)
    : ICancellableWork
{
    // A system timer takes at most about 49 days at once; longer waits are made of steps.
    private static readonly TimeSpan LongestStep = TimeSpan.FromDays(30);

    private ITimer? _timer;
    private int _slice;
    private int _progress;
    private bool _cancelRequested;
    private DateTimeOffset? _stopAt;

    private int Slices => Math.Max(0, script.ProgressUpdates) + 1;

    private DateTimeOffset End => created + duration;

    public void Start()
    {
        lock (this)
        {
            _timer = runner.Clock.CreateTimer(static state => ((ScriptedRun)state!).Step(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            WakeAt(SliceDue(1));
        }

        handle.OnCancelRequested(this);
    }

    public void CancelRequested()
    {
        try
        {
            lock (this)
            {
                if (_cancelRequested || handle.IsDone)
                {
                    return;
                }

                _cancelRequested = true;
                runner.Publish(handle, created, _progress, cancelRequested: true);
                if (script.IgnoreCancellation)
                {
                    return;
                }

                // Cancellation wins unless the work ends within the cancel delay.
                var stopAt = runner.Clock.GetUtcNow() + (script.CancelDelay?.ToTimeSpan() ?? TimeSpan.Zero);
                if (End <= stopAt)
                {
                    _slice = Slices - 1;
                    WakeAt(End);
                }
                else
                {
                    _stopAt = stopAt;
                    WakeAt(stopAt);
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    // The timer's callback: whatever is due now, then the next wake-up.
    private void Step()
    {
        try
        {
            lock (this)
            {
                if (handle.IsDone)
                {
                    _timer?.Dispose();
                    return;
                }

                var now = runner.Clock.GetUtcNow();
                if (_stopAt is { } stopAt)
                {
                    if (!Reached(stopAt, now))
                    {
                        WakeAt(stopAt);
                        return;
                    }

                    _timer?.Dispose();
                    runner.Cancelled(handle, created, _progress);
                    return;
                }

                var due = SliceDue(_slice + 1);
                if (!Reached(due, now))
                {
                    WakeAt(due); // a long wait goes in steps
                    return;
                }

                _slice++;
                if (_slice < Slices)
                {
                    _progress = (int)(100L * _slice / Slices);
                    runner.Publish(handle, created, _progress, _cancelRequested);
                    WakeAt(SliceDue(_slice + 1));
                    return;
                }

                _timer?.Dispose();
                runner.Finish(handle, script, created, progress: 100, _cancelRequested);
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    // Time stops at EmulatorClock.Latest, so a moment past it counts as reached there.
    private static bool Reached(DateTimeOffset moment, DateTimeOffset now) => now >= moment || now >= Timing.EmulatorClock.Latest;

    private DateTimeOffset SliceDue(int slice) => created + (duration * slice / Slices);

    private void WakeAt(DateTimeOffset due)
    {
        var wait = due - runner.Clock.GetUtcNow();
        _timer!.Change(wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < LongestStep ? wait : LongestStep, Timeout.InfiniteTimeSpan);
    }

    private void Fail(Exception exception)
    {
        _timer?.Dispose();
        runner.Failed(handle, exception);
    }
}
