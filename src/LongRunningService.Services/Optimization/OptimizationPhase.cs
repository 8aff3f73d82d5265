namespace LongRunningService.Services.Optimization;

/// <summary>Where an optimization operation is: what its metadata reports.</summary>
internal enum OptimizationPhase
{
    Running,
    Succeeded,
    Cancelled,
    Failed,
}
