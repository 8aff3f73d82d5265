namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Sums over a route's transitions and visits, or over all routes. The total
/// duration is the travel, wait and visit durations added up (there are no
/// breaks or delays), which for a route is its end minus its start. Max loads
/// are keyed by index in <see cref="PlanningProblem.LoadTypes"/>.
/// </summary>
internal sealed record RouteMetrics(
    int PerformedShipmentCount,
    long TravelSeconds,
    long WaitSeconds,
    long VisitSeconds,
    double TravelMeters,
    IReadOnlyDictionary<int, long> MaxLoads)
{
    public static readonly RouteMetrics Empty = new(0, 0, 0, 0, 0, new SortedDictionary<int, long>());

    public long TotalSeconds => TravelSeconds + WaitSeconds + VisitSeconds;

    /// <summary>The metrics of several routes: sums, and the largest load of each type.</summary>
    public static RouteMetrics Sum(IEnumerable<RouteMetrics> routes)
    {
        var maxLoads = new SortedDictionary<int, long>();
        int performed = 0;
        long travel = 0, wait = 0, visit = 0;
        double meters = 0;
        foreach (var route in routes)
        {
            performed += route.PerformedShipmentCount;
            travel += route.TravelSeconds;
            wait += route.WaitSeconds;
            visit += route.VisitSeconds;
            meters += route.TravelMeters;
            foreach (var (type, load) in route.MaxLoads)
            {
                maxLoads[type] = maxLoads.TryGetValue(type, out var max) ? Math.Max(max, load) : load;
            }
        }

        return new RouteMetrics(performed, travel, wait, visit, meters, maxLoads);
    }
}
