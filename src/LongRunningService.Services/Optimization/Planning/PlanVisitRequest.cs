namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// One way to perform a pickup or a delivery: where the vehicle arrives and
/// leaves, how long it stays, when it may start (no windows: any time in the
/// model's span), what it loads or unloads (the shipment's demands plus the
/// visit's own, aligned with <see cref="PlanningProblem.LoadTypes"/>) and its
/// visit types (for a vehicle's extra visit durations).
/// </summary>
internal sealed record PlanVisitRequest(
    GeoPoint Arrival,
    GeoPoint Departure,
    long DurationSeconds,
    IReadOnlyList<PlanTimeWindow> TimeWindows,
    IReadOnlyList<long> Demands,
    IReadOnlyList<string> VisitTypes);
