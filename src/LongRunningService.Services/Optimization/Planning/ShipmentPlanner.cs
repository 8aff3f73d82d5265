namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A deterministic greedy insertion planner. Shipments are taken in index
/// order; each is inserted where it lengthens a route the least (route
/// duration, then distance), over every eligible vehicle, pickup and delivery
/// alternative and position (a delivery within <see cref="PlanningLimits.DeliverySpread"/>
/// positions after its pickup), keeping the first of equal candidates; past
/// <see cref="PlanningLimits.InsertionStepBudget"/>, only at route ends. Every
/// candidate is driven by <see cref="RouteSimulator"/>, so every route it
/// returns satisfies every hard constraint; a shipment that fits nowhere is
/// skipped with the reasons found for each vehicle. It does not look for an
/// optimum, and the same problem always gives the same plan.
/// </summary>
internal static class ShipmentPlanner
{
    public static PlanningSolution Plan(PlanningProblem problem, CancellationToken cancellationToken)
    {
        var simulator = new RouteSimulator(problem);
        var vehicleCount = problem.Vehicles.Count;
        var routes = new List<RouteStop>[vehicleCount];
        var costs = new (long Seconds, double Meters)[vehicleCount];
        for (var v = 0; v < vehicleCount; v++)
        {
            routes[v] = [];
            if (problem.Vehicles[v].UsedIfRouteIsEmpty && simulator.Run(v, [], record: false) is { Feasible: true } empty)
            {
                costs[v] = (empty.DurationSeconds, empty.TravelMeters);
            }
        }

        var skipped = new List<PlannedSkip>();
        var view = new InsertionView();
        var activeVehicles = 0;
        for (var s = 0; s < problem.Shipments.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (problem.Shipments[s].Ignore)
            {
                skipped.Add(new PlannedSkip(s, []));
                continue;
            }

            var failures = new RouteSimulation?[vehicleCount];
            var budgetSpent = simulator.Steps > PlanningLimits.InsertionStepBudget;
            (int Vehicle, Insertion Insertion, RouteSimulation Result, long Seconds, double Meters)? best = null;
            for (var v = 0; v < vehicleCount; v++)
            {
                if (!IsEligible(problem, s, v) || (routes[v].Count == 0 && activeVehicles >= problem.MaxActiveVehicles))
                {
                    continue;
                }

                foreach (var candidate in Candidates(problem.Shipments[s], s, routes[v].Count, budgetSpent))
                {
                    view.Set(routes[v], candidate);
                    var result = simulator.Run(v, view, record: false);
                    if (!result.Feasible)
                    {
                        if (failures[v] is not { } seen || seen.Failure == SkipReasonCode.Unspecified)
                        {
                            failures[v] = result;
                        }

                        continue;
                    }

                    var seconds = result.DurationSeconds - costs[v].Seconds;
                    var meters = result.TravelMeters - costs[v].Meters;
                    if (best is not { } current || seconds < current.Seconds || (seconds == current.Seconds && meters < current.Meters))
                    {
                        best = (v, candidate, result, seconds, meters);
                    }
                }
            }

            if (best is { } chosen)
            {
                activeVehicles += routes[chosen.Vehicle].Count == 0 ? 1 : 0;
                routes[chosen.Vehicle] = chosen.Insertion.Apply(routes[chosen.Vehicle]);
                costs[chosen.Vehicle] = (chosen.Result.DurationSeconds, chosen.Result.TravelMeters);
            }
            else
            {
                skipped.Add(new PlannedSkip(s, SkipExplainer.Explain(problem, simulator, s, failures)));
            }
        }

        return new PlanningSolution([.. Enumerable.Range(0, vehicleCount).Select(v => Materialize(problem, simulator, v, routes[v]))], skipped);
    }

    /// <summary>
    /// The shipments no vehicle could do even alone, with their reasons, without planning the rest
    /// (DETECT_SOME_INFEASIBLE_SHIPMENTS). Ignored shipments are not listed.
    /// </summary>
    public static IReadOnlyList<PlannedSkip> DetectInfeasible(PlanningProblem problem, CancellationToken cancellationToken)
    {
        var simulator = new RouteSimulator(problem);
        var skipped = new List<PlannedSkip>();
        for (var s = 0; s < problem.Shipments.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var feasible = Enumerable.Range(0, problem.Vehicles.Count)
                .Any(v => IsEligible(problem, s, v) && SkipExplainer.CanDoAlone(problem, simulator, s, v));
            if (!problem.Shipments[s].Ignore && !feasible)
            {
                skipped.Add(new PlannedSkip(s, SkipExplainer.Explain(problem, simulator, s, new RouteSimulation?[problem.Vehicles.Count])));
            }
        }

        return skipped;
    }

    /// <summary>Whether the vehicle may carry the shipment at all: not ignored, and allowed by the shipment.</summary>
    public static bool IsEligible(PlanningProblem problem, int shipmentIndex, int vehicleIndex) =>
        !problem.Vehicles[vehicleIndex].Ignore && problem.Shipments[shipmentIndex].IsAllowedOn(vehicleIndex);

    /// <summary>
    /// The ways to insert the shipment into a route of <paramref name="count"/> stops: for each pickup and
    /// delivery alternative, the pickup at each position and the delivery at each of the next positions.
    /// Once the work budget is spent (<paramref name="budgetSpent"/>), only the first alternatives, appended
    /// at the end: the work per shipment is then bounded by the route's length.
    /// </summary>
    public static IEnumerable<Insertion> Candidates(PlanShipment shipment, int shipmentIndex, int count, bool budgetSpent)
    {
        var pickups = shipment.Pickups.Count == 0 ? [-1] : Enumerable.Range(0, budgetSpent ? 1 : shipment.Pickups.Count).ToArray();
        var deliveries = shipment.Deliveries.Count == 0 ? [-1] : Enumerable.Range(0, budgetSpent ? 1 : shipment.Deliveries.Count).ToArray();
        foreach (var p in pickups)
        {
            foreach (var d in deliveries)
            {
                for (var i = budgetSpent ? count : 0; i <= count; i++)
                {
                    var lastJ = d < 0 || p < 0 ? i : Math.Min(count, i + PlanningLimits.DeliverySpread);
                    for (var j = i; j <= lastJ; j++)
                    {
                        yield return new Insertion(shipmentIndex, p, i, d, j);
                    }
                }
            }
        }
    }

    private static PlannedRoute Materialize(PlanningProblem problem, RouteSimulator simulator, int vehicleIndex, List<RouteStop> stops)
    {
        var vehicle = problem.Vehicles[vehicleIndex];
        if (stops.Count == 0 && (!vehicle.UsedIfRouteIsEmpty || vehicle.Ignore))
        {
            return PlannedRoute.Unused(vehicleIndex);
        }

        // The same stops were driven feasibly when they were chosen; an empty route may not be.
        return simulator.Run(vehicleIndex, stops, record: true).Route ?? PlannedRoute.Unused(vehicleIndex);
    }
}
