namespace LongRunningService.Operations.Timing;

/// <summary>Waiting on the emulator's clock until a moment, as scripted work does between its stages.</summary>
internal static class ClockDelays
{
    // Task.Delay takes at most about 49 days at once; longer waits are made of steps.
    private static readonly TimeSpan LongestStep = TimeSpan.FromDays(30);

    // Task.Delay counts whole milliseconds: a shorter wait would be no wait at all, and a
    // paused clock would never get there, so each step is rounded up to the millisecond.
    private static TimeSpan Step(TimeSpan wait) =>
        wait >= LongestStep ? LongestStep : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    /// <summary>Waits until <paramref name="due"/> by <paramref name="clock"/>; false when cancelled first.</summary>
    public static async Task<bool> DelayUntilAsync(this TimeProvider clock, DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            // Time stops at EmulatorClock.Latest, so a moment past it counts as reached there.
            for (var now = clock.GetUtcNow(); now < due && now < EmulatorClock.Latest; now = clock.GetUtcNow())
            {
                await Task.Delay(Step(due - now), clock, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
