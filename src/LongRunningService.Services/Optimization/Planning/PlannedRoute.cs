namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// The plan of one vehicle. An unused vehicle has no visits, no transitions and
/// no times. A used one has n visits and n + 1 transitions; each transition
/// ends where the next visit (or the vehicle end) starts. <see cref="LoadTypes"/>
/// lists, by index in <see cref="PlanningProblem.LoadTypes"/>, the types its
/// loads report: those the vehicle limits and those its shipments carry.
/// </summary>
internal sealed record PlannedRoute(
    int VehicleIndex,
    bool Used,
    long VehicleStart,
    long VehicleEnd,
    IReadOnlyList<int> LoadTypes,
    IReadOnlyList<PlannedVisit> Visits,
    IReadOnlyList<PlannedTransition> Transitions,
    RouteMetrics Metrics)
{
    public static PlannedRoute Unused(int vehicleIndex) => new(vehicleIndex, false, 0, 0, [], [], [], RouteMetrics.Empty);
}
