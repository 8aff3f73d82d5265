namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A pickup or delivery on a route: which visit request, when it starts, how
/// long it lasts on this vehicle, its detour (as <c>ShipmentRoute.Visit.detour</c>
/// defines it) and its load change per route load type (negative for a delivery).
/// </summary>
internal sealed record PlannedVisit(
    int ShipmentIndex,
    bool IsPickup,
    int VisitRequestIndex,
    long StartTime,
    long DurationSeconds,
    long DetourSeconds,
    IReadOnlyList<long> LoadChanges);
