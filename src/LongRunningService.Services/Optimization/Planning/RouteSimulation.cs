namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// What driving a sequence of visits on a vehicle gives: feasible with its
/// duration and distance (and the route, when asked for), or the first
/// constraint it breaks (with the load type index for a capacity failure).
/// </summary>
internal readonly record struct RouteSimulation(
    bool Feasible,
    SkipReasonCode Failure,
    int FailedLoadType,
    long DurationSeconds,
    double TravelMeters,
    PlannedRoute? Route)
{
    public static RouteSimulation Fail(SkipReasonCode code, int loadType = -1) => new(false, code, loadType, 0, 0, null);
}
