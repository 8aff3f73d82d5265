namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// The time between two events of a route (vehicle start, visits, vehicle end):
/// travel first, then waiting. The loads on board during it are aligned with
/// <see cref="PlannedRoute.LoadTypes"/>.
/// </summary>
internal sealed record PlannedTransition(long StartTime, long TravelSeconds, double TravelMeters, long WaitSeconds, IReadOnlyList<long> Loads)
{
    public long TotalSeconds => TravelSeconds + WaitSeconds;
}
