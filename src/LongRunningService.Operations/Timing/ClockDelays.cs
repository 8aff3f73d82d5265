namespace LongRunningService.Operations.Timing;

/// <summary>Waiting on the emulator's clock until a moment, as scripted work does between its stages.</summary>
internal static class ClockDelays
{
    /// <summary>Waits until <paramref name="due"/> by <paramref name="clock"/>; false when cancelled first.</summary>
    public static async Task<bool> DelayUntilAsync(this TimeProvider clock, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var wait = due - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return !cancellationToken.IsCancellationRequested;
        }

        try
        {
            await Task.Delay(wait, clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
