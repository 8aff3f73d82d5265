namespace LongRunningService.Operations.Timing;

/// <summary>Waiting on the emulator's clock until a moment, as scripted work does between its stages.</summary>
internal static class ClockDelays
{
    // Task.Delay takes at most about 49 days at once; longer waits are made of steps.
    private static readonly TimeSpan LongestStep = TimeSpan.FromDays(30);

    /// <summary>Waits until <paramref name="due"/> by <paramref name="clock"/>; false when cancelled first.</summary>
    public static async Task<bool> DelayUntilAsync(this TimeProvider clock, DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            // Time stops at EmulatorClock.Latest, so a moment past it counts as reached there.
            for (var now = clock.GetUtcNow(); now < due && now < EmulatorClock.Latest; now = clock.GetUtcNow())
            {
                var wait = due - now;
                await Task.Delay(wait < LongestStep ? wait : LongestStep, clock, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
