namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A plan: one route per vehicle in the model's order, the skipped shipments in
/// index order, and the metrics over all routes.
/// </summary>
internal sealed record PlanningSolution(IReadOnlyList<PlannedRoute> Routes, IReadOnlyList<PlannedSkip> Skipped)
{
    public RouteMetrics Metrics { get; } = RouteMetrics.Sum(Routes.Select(r => r.Metrics));

    public int UsedVehicleCount => Routes.Count(r => r.Used);

    /// <summary>The earliest start of a used vehicle, or null when none is used.</summary>
    public long? EarliestVehicleStart => Routes.Where(r => r.Used).Select(r => (long?)r.VehicleStart).Min();

    /// <summary>The latest end of a used vehicle, or null when none is used.</summary>
    public long? LatestVehicleEnd => Routes.Where(r => r.Used).Select(r => (long?)r.VehicleEnd).Max();
}
