using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Optimization.Planning;
using VisitRequest = Google.Cloud.Optimization.V1.Shipment.Types.VisitRequest;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Turns a validated Cloud Optimization <c>OptimizeToursRequest</c> into the
/// planner's <see cref="PlanningProblem"/>: unset times take the model's span,
/// a departure location defaults to the arrival one, demands add the
/// shipment's to the visit's, and travel runs at the request's geodesic speed
/// or <see cref="StraightLineTravel.DefaultMetersPerSecond"/>.
/// </summary>
internal static class CloudOptimizationProblemReader
{
    public static PlanningProblem Read(OptimizeToursRequest request)
    {
        var model = request.Model ?? new ShipmentModel();
        var loadTypes = LoadTypes(model);
        var globalStart = TourTimes.GlobalStart(model);
        var globalEnd = TourTimes.GlobalEnd(model);
        var speed = request.UseGeodesicDistances ? request.GeodesicMetersPerSecond : StraightLineTravel.DefaultMetersPerSecond;
        return new PlanningProblem(
            [.. model.Shipments.Select(s => ReadShipment(s, loadTypes, globalStart, globalEnd))],
            [.. model.Vehicles.Select(v => ReadVehicle(v, loadTypes, globalStart, globalEnd))],
            globalStart,
            globalEnd,
            loadTypes,
            speed,
            model.HasMaxActiveVehicles ? model.MaxActiveVehicles : null);
    }

    /// <summary>Every load type the model names, in ordinal order: the axis of every demand and limit array.</summary>
    public static IReadOnlyList<string> LoadTypes(ShipmentModel model)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var shipment in model.Shipments)
        {
            types.UnionWith(shipment.LoadDemands.Keys);
            foreach (var request in shipment.Pickups.Concat(shipment.Deliveries))
            {
                types.UnionWith(request.LoadDemands.Keys);
            }
        }

        foreach (var vehicle in model.Vehicles)
        {
            types.UnionWith(vehicle.LoadLimits.Keys);
        }

        return [.. types];
    }

    private static PlanShipment ReadShipment(Shipment shipment, IReadOnlyList<string> loadTypes, long globalStart, long globalEnd)
    {
        PlanVisitRequest Visit(VisitRequest request)
        {
            var arrival = LocationRules.Resolve(request.ArrivalLocation, request.ArrivalWaypoint)!.Value;
            var demands = loadTypes.Select(t => Amount(shipment.LoadDemands, t) + Amount(request.LoadDemands, t)).ToArray();
            return new PlanVisitRequest(
                arrival,
                LocationRules.Resolve(request.DepartureLocation, request.DepartureWaypoint) ?? arrival,
                request.Duration?.Seconds ?? 0,
                Windows(request.TimeWindows, globalStart, globalEnd),
                demands,
                [.. request.VisitTypes]);
        }

        return new PlanShipment(
            [.. shipment.Pickups.Select(Visit)],
            [.. shipment.Deliveries.Select(Visit)],
            [.. shipment.AllowedVehicleIndices],
            shipment.PickupToDeliveryTimeLimit?.Seconds,
            shipment.Ignore);
    }

    private static PlanVehicle ReadVehicle(Vehicle vehicle, IReadOnlyList<string> loadTypes, long globalStart, long globalEnd) => new(
        LocationRules.Resolve(vehicle.StartLocation, vehicle.StartWaypoint),
        LocationRules.Resolve(vehicle.EndLocation, vehicle.EndWaypoint),
        Windows(vehicle.StartTimeWindows, globalStart, globalEnd),
        Windows(vehicle.EndTimeWindows, globalStart, globalEnd),
        [.. loadTypes.Select(t => vehicle.LoadLimits.TryGetValue(t, out var limit) ? ReadLimit(limit) : null)],
        vehicle.HasTravelDurationMultiple ? vehicle.TravelDurationMultiple : 1.0,
        vehicle.ExtraVisitDurationForVisitType.ToDictionary(e => e.Key, e => e.Value.Seconds, StringComparer.Ordinal),
        (UnloadingOrder)(int)vehicle.UnloadingPolicy,
        vehicle.RouteDurationLimit?.MaxDuration?.Seconds,
        vehicle.TravelDurationLimit?.MaxDuration?.Seconds,
        vehicle.RouteDistanceLimit is { HasMaxMeters: true } distance ? distance.MaxMeters : null,
        vehicle.UsedIfRouteIsEmpty,
        vehicle.Ignore);

    private static PlanLoadLimit ReadLimit(Vehicle.Types.LoadLimit limit) => new(
        limit.HasMaxLoad ? limit.MaxLoad : null,
        limit.StartLoadInterval?.Min ?? 0,
        limit.StartLoadInterval is { HasMax: true } start ? start.Max : null,
        limit.EndLoadInterval?.Min ?? 0,
        limit.EndLoadInterval is { HasMax: true } end ? end.Max : null);

    private static PlanTimeWindow[] Windows(IEnumerable<TimeWindow> windows, long globalStart, long globalEnd) =>
        [.. windows.Select(w => new PlanTimeWindow(w.StartTime?.Seconds ?? globalStart, w.EndTime?.Seconds ?? globalEnd))];

    private static long Amount(IDictionary<string, Shipment.Types.Load> loads, string type) =>
        loads.TryGetValue(type, out var load) ? load.Amount : 0;
}
