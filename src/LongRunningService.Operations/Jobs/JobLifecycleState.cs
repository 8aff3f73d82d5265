namespace LongRunningService.Operations.Jobs;

/// <summary>
/// The states a simulated job passes through. The numbers are those that
/// Vertex's JobState and PipelineState share, so each maps to its enum by number.
/// </summary>
internal enum JobLifecycleState
{
    Unspecified = 0,
    Queued = 1,
    Pending = 2,
    Running = 3,
    Succeeded = 4,
    Failed = 5,
    Cancelling = 6,
    Cancelled = 7,
}

/// <summary>Helpers on <see cref="JobLifecycleState"/>.</summary>
internal static class JobLifecycleStateExtensions
{
    public static bool IsTerminal(this JobLifecycleState state) =>
        state is JobLifecycleState.Succeeded or JobLifecycleState.Failed or JobLifecycleState.Cancelled;
}
