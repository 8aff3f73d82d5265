namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A vehicle's hard limits on one load type: the most it may carry at any
/// time, and the ranges its load must be in when it leaves and when it ends.
/// </summary>
internal sealed record PlanLoadLimit(long? MaxLoad, long StartMin, long? StartMax, long EndMin, long? EndMax)
{
    public static readonly PlanLoadLimit None = new(null, 0, null, 0, null);
}
