namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Drives a vehicle through a sequence of visits, as early as the time windows
/// allow, and checks every hard constraint on the way: visit and vehicle time
/// windows, the model's span, load limits at every moment (and at start and
/// end), the unloading order, the pickup-to-delivery time limit and the
/// route's duration, travel duration and distance limits. The start is then
/// moved as late as its window allows without moving any visit, which turns
/// waiting before the first visit into a later departure.
/// </summary>
internal sealed class RouteSimulator(PlanningProblem problem)
{
    // Scratch space reused by every run: a pickup is always driven before its delivery, so each entry is
    // written before it is read.
    private readonly (long Start, long Duration, GeoPoint Departure)[] _pickups = new (long, long, GeoPoint)[problem.Shipments.Count];
    private readonly List<int> _onBoard = [];

    // What setting up one run costs, in visits driven.
    private const int RunCost = 4;

    /// <summary>Work done so far over all runs, in visits driven: the planner's measure of work.</summary>
    public long Steps { get; private set; }

    public RouteSimulation Run(int vehicleIndex, IReadOnlyList<RouteStop> stops, bool record)
    {
        Steps += RunCost;
        var vehicle = problem.Vehicles[vehicleIndex];
        var loads = StartLoads(stops);
        var failedType = CheckLoads(vehicle, loads, start: true);
        if (failedType >= 0)
        {
            return RouteSimulation.Fail(SkipReasonCode.DemandExceedsVehicleCapacity, failedType);
        }

        var (startTime, latestStart) = EarliestStart(vehicle);
        var routeTypes = record ? RouteLoadTypes(vehicle, stops) : [];
        var visits = record ? new List<PlannedVisit>(stops.Count) : null;
        var transitions = record ? new List<PlannedTransition>(stops.Count + 1) : null;
        var detourBases = record ? new List<long?>(stops.Count) : null;
        var onBoard = vehicle.Unloading == UnloadingOrder.Any ? null : _onBoard;
        onBoard?.Clear();

        var time = startTime;
        var position = vehicle.Start;
        long travelTotal = 0;
        double meters = 0;
        long? firstWait = null;
        for (var k = 0; k < stops.Count; k++)
        {
            var stop = stops[k];
            Steps++;
            var shipment = problem.Shipments[stop.ShipmentIndex];
            var request = shipment.Requests(stop.IsPickup)[stop.VisitRequestIndex];
            var distance = position is { } from ? from.DistanceMetersTo(request.Arrival) : 0;
            var travel = position is null ? 0 : Travel(vehicle, distance);
            var arrival = time + travel;
            if (!TryStartIn(request.TimeWindows, arrival, out var start))
            {
                return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleTimeWindows);
            }

            var duration = vehicle.VisitSeconds(request);
            if (start + duration > problem.GlobalEnd)
            {
                return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleTimeWindows);
            }

            firstWait ??= start - arrival;
            transitions?.Add(new PlannedTransition(time, travel, distance, start - arrival, Snapshot(loads, routeTypes)));

            var sign = stop.IsPickup ? 1 : -1;
            for (var t = 0; t < loads.Length; t++)
            {
                loads[t] += sign * request.Demands[t];
            }

            failedType = CheckLoads(vehicle, loads, start: false);
            if (failedType >= 0)
            {
                return RouteSimulation.Fail(SkipReasonCode.DemandExceedsVehicleCapacity, failedType);
            }

            long? detourBase = null;
            long detour = 0;
            var paired = shipment.Pickups.Count > 0 && shipment.Deliveries.Count > 0;
            if (paired && stop.IsPickup)
            {
                onBoard?.Add(stop.ShipmentIndex);
                _pickups[stop.ShipmentIndex] = (start, duration, request.Departure);
            }
            else if (paired)
            {
                if (onBoard is not null)
                {
                    var expected = vehicle.Unloading == UnloadingOrder.LastInFirstOut ? onBoard[^1] : onBoard[0];
                    if (expected != stop.ShipmentIndex)
                    {
                        return RouteSimulation.Fail(SkipReasonCode.Unspecified);
                    }

                    onBoard.Remove(stop.ShipmentIndex);
                }

                var pickup = _pickups[stop.ShipmentIndex];
                if (start - pickup.Start > shipment.PickupToDeliveryTimeLimitSeconds)
                {
                    return RouteSimulation.Fail(SkipReasonCode.Unspecified);
                }

                detour = record ? start - pickup.Start - pickup.Duration - Travel(vehicle, pickup.Departure.DistanceMetersTo(request.Arrival)) : 0;
            }
            else if (record)
            {
                // Measured from the vehicle's start, which is only known once the route is driven.
                detourBase = start - (vehicle.Start is { } origin ? Travel(vehicle, origin.DistanceMetersTo(request.Arrival)) : 0);
            }

            visits?.Add(new PlannedVisit(stop.ShipmentIndex, stop.IsPickup, stop.VisitRequestIndex, start, duration, Math.Max(0, detour), VisitChanges(request, sign, routeTypes)));
            detourBases?.Add(detourBase);
            travelTotal += travel;
            meters += distance;
            time = start + duration;
            position = request.Departure;
        }

        var endDistance = position is { } last && vehicle.End is { } end ? last.DistanceMetersTo(end) : 0;
        var endTravel = position is null || vehicle.End is null ? 0 : Travel(vehicle, endDistance);
        if (!TryStartIn(vehicle.EndWindows, time + endTravel, out var vehicleEnd))
        {
            return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleTimeWindows);
        }

        if (CheckEndLoads(vehicle, loads) is var endFailure and >= 0)
        {
            return RouteSimulation.Fail(SkipReasonCode.DemandExceedsVehicleCapacity, endFailure);
        }

        transitions?.Add(new PlannedTransition(time, endTravel, endDistance, vehicleEnd - time - endTravel, Snapshot(loads, routeTypes)));
        travelTotal += endTravel;
        meters += endDistance;
        firstWait ??= vehicleEnd - time - endTravel;

        // Leaving later by the first wait (within the start window) moves no visit.
        var vehicleStart = startTime + Math.Max(0, Math.Min(firstWait.Value, latestStart - startTime));
        if (vehicleEnd - vehicleStart > vehicle.MaxRouteSeconds)
        {
            return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleDurationLimit);
        }

        if (travelTotal > vehicle.MaxTravelSeconds)
        {
            return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleTravelDurationLimit);
        }

        if (meters > vehicle.MaxDistanceMeters)
        {
            return RouteSimulation.Fail(SkipReasonCode.CannotBePerformedWithinVehicleDistanceLimit);
        }

        var route = record
            ? Build(vehicleIndex, vehicleStart, vehicleEnd, routeTypes, visits!, transitions!, detourBases!)
            : null;
        return new RouteSimulation(true, SkipReasonCode.Unspecified, -1, vehicleEnd - vehicleStart, meters, route);
    }

    private long Travel(PlanVehicle vehicle, double meters) =>
        StraightLineTravel.Seconds(meters, problem.MetersPerSecond, vehicle.TravelDurationMultiple);

    // Shipments with no pickup are on board from the start.
    private long[] StartLoads(IReadOnlyList<RouteStop> stops)
    {
        var loads = new long[problem.LoadTypes.Count];
        for (var k = 0; k < stops.Count; k++)
        {
            var stop = stops[k];
            if (!stop.IsPickup && problem.Shipments[stop.ShipmentIndex].Pickups.Count == 0)
            {
                var demands = problem.Shipments[stop.ShipmentIndex].Deliveries[stop.VisitRequestIndex].Demands;
                for (var t = 0; t < loads.Length; t++)
                {
                    loads[t] += demands[t];
                }
            }
        }

        return loads;
    }

    // The first load type over its limit, or -1.
    private static int CheckLoads(PlanVehicle vehicle, long[] loads, bool start)
    {
        for (var t = 0; t < loads.Length; t++)
        {
            if (vehicle.LoadLimits[t] is not { } limit)
            {
                continue;
            }

            if (loads[t] > limit.MaxLoad || (start && (loads[t] < limit.StartMin || loads[t] > limit.StartMax)))
            {
                return t;
            }
        }

        return -1;
    }

    private static int CheckEndLoads(PlanVehicle vehicle, long[] loads)
    {
        for (var t = 0; t < loads.Length; t++)
        {
            if (vehicle.LoadLimits[t] is { } limit && (loads[t] < limit.EndMin || loads[t] > limit.EndMax))
            {
                return t;
            }
        }

        return -1;
    }

    // The vehicle leaves at the start of its first window (or of the model); it may leave as late as that window ends.
    private (long Start, long Latest) EarliestStart(PlanVehicle vehicle) =>
        vehicle.StartWindows.Count == 0
            ? (problem.GlobalStart, problem.GlobalEnd)
            : (Math.Max(problem.GlobalStart, vehicle.StartWindows[0].Start), Math.Min(problem.GlobalEnd, vehicle.StartWindows[0].End));

    // The earliest time at or after the arrival inside a window (windows are sorted and disjoint) and the model's span.
    private bool TryStartIn(IReadOnlyList<PlanTimeWindow> windows, long arrival, out long start)
    {
        start = arrival;
        if (windows.Count > 0)
        {
            var found = false;
            for (var w = 0; w < windows.Count; w++)
            {
                var window = windows[w];
                if (arrival <= window.End)
                {
                    start = Math.Max(arrival, window.Start);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return start >= problem.GlobalStart && start <= problem.GlobalEnd;
    }

    // The types a route reports: those the vehicle limits and those a visit on it changes.
    private int[] RouteLoadTypes(PlanVehicle vehicle, IReadOnlyList<RouteStop> stops)
    {
        var types = new List<int>();
        for (var t = 0; t < problem.LoadTypes.Count; t++)
        {
            if (vehicle.LoadLimits[t] is not null || stops.Any(s => problem.Shipments[s.ShipmentIndex].Requests(s.IsPickup)[s.VisitRequestIndex].Demands[t] != 0))
            {
                types.Add(t);
            }
        }

        return [.. types];
    }

    private static long[] Snapshot(long[] loads, int[] routeTypes) => [.. routeTypes.Select(t => loads[t])];

    private static long[] VisitChanges(PlanVisitRequest request, int sign, int[] routeTypes) => [.. routeTypes.Select(t => sign * request.Demands[t])];

    private static PlannedRoute Build(
        int vehicleIndex,
        long vehicleStart,
        long vehicleEnd,
        int[] routeTypes,
        List<PlannedVisit> visits,
        List<PlannedTransition> transitions,
        List<long?> detourBases)
    {
        var shift = vehicleStart - transitions[0].StartTime;
        transitions[0] = transitions[0] with { StartTime = vehicleStart, WaitSeconds = transitions[0].WaitSeconds - shift };
        for (var i = 0; i < visits.Count; i++)
        {
            if (detourBases[i] is { } detourBase)
            {
                visits[i] = visits[i] with { DetourSeconds = Math.Max(0, detourBase - vehicleStart) };
            }
        }

        var maxLoads = new SortedDictionary<int, long>();
        for (var i = 0; i < routeTypes.Length; i++)
        {
            maxLoads[routeTypes[i]] = transitions.Max(t => t.Loads[i]);
        }

        var metrics = new RouteMetrics(
            visits.Select(v => v.ShipmentIndex).Distinct().Count(),
            transitions.Sum(t => t.TravelSeconds),
            transitions.Sum(t => t.WaitSeconds),
            visits.Sum(v => v.DurationSeconds),
            transitions.Sum(t => t.TravelMeters),
            maxLoads);
        return new PlannedRoute(vehicleIndex, true, vehicleStart, vehicleEnd, routeTypes, visits, transitions, metrics);
    }
}
