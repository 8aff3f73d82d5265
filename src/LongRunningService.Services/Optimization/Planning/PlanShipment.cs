namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Something to carry: performed by visiting one of its pickups and then, on
/// the same vehicle, one of its deliveries. With no pickups it is loaded at the
/// vehicle's start; with no deliveries it stays on board to the end.
/// </summary>
/// <param name="AllowedVehicles">Indices of the vehicles that may carry it; empty: any.</param>
/// <param name="PickupToDeliveryTimeLimitSeconds">Longest time from the start of the pickup to the start of the delivery, if limited.</param>
/// <param name="Ignore">Left out of the plan and reported as skipped, as <c>Shipment.ignore</c> asks.</param>
internal sealed record PlanShipment(
    IReadOnlyList<PlanVisitRequest> Pickups,
    IReadOnlyList<PlanVisitRequest> Deliveries,
    IReadOnlyList<int> AllowedVehicles,
    long? PickupToDeliveryTimeLimitSeconds,
    bool Ignore)
{
    public bool IsAllowedOn(int vehicleIndex) => AllowedVehicles.Count == 0 || AllowedVehicles.Contains(vehicleIndex);

    /// <summary>The visit requests of one side: pickups or deliveries.</summary>
    public IReadOnlyList<PlanVisitRequest> Requests(bool pickup) => pickup ? Pickups : Deliveries;
}
