namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Says why a shipment fits on no vehicle. For each vehicle: not allowed; or,
/// when the shipment cannot be done even alone on it, the constraint that
/// stops it then; or else the constraint that stopped its insertion into the
/// vehicle's route. Reasons are listed once per code (and load type), with the
/// first vehicle they apply to, as <c>SkippedShipment.reasons</c> asks.
/// </summary>
internal static class SkipExplainer
{
    public static IReadOnlyList<SkipReason> Explain(PlanningProblem problem, RouteSimulator simulator, int shipmentIndex, RouteSimulation?[] insertionFailures)
    {
        if (problem.Vehicles.All(v => v.Ignore))
        {
            return [new SkipReason(SkipReasonCode.NoVehicle, null, null)];
        }

        var reasons = new List<SkipReason>();
        for (var v = 0; v < problem.Vehicles.Count; v++)
        {
            if (problem.Vehicles[v].Ignore)
            {
                continue;
            }

            if (!problem.Shipments[shipmentIndex].IsAllowedOn(v))
            {
                Add(reasons, new SkipReason(SkipReasonCode.VehicleNotAllowed, v, null));
                continue;
            }

            var failure = AloneFailure(problem, simulator, shipmentIndex, v) ?? insertionFailures[v];
            if (failure is { Failure: not SkipReasonCode.Unspecified } known)
            {
                var type = known.FailedLoadType >= 0 ? problem.LoadTypes[known.FailedLoadType] : null;
                Add(reasons, new SkipReason(known.Failure, v, type));
            }
        }

        return reasons;
    }

    /// <summary>Whether the vehicle could do the shipment if it carried nothing else.</summary>
    public static bool CanDoAlone(PlanningProblem problem, RouteSimulator simulator, int shipmentIndex, int vehicleIndex) =>
        AloneFailure(problem, simulator, shipmentIndex, vehicleIndex) is null;

    // Why the shipment cannot be done alone on the vehicle, or null when it can.
    private static RouteSimulation? AloneFailure(PlanningProblem problem, RouteSimulator simulator, int shipmentIndex, int vehicleIndex)
    {
        RouteSimulation? failure = null;
        foreach (var candidate in ShipmentPlanner.Candidates(problem.Shipments[shipmentIndex], shipmentIndex, 0, simulator.Steps > PlanningLimits.InsertionStepBudget))
        {
            var result = simulator.Run(vehicleIndex, candidate.Apply([]), record: false);
            if (result.Feasible)
            {
                return null;
            }

            if (failure is not { } seen || seen.Failure == SkipReasonCode.Unspecified)
            {
                failure = result;
            }
        }

        return failure;
    }

    private static void Add(List<SkipReason> reasons, SkipReason reason)
    {
        if (!reasons.Any(r => r.Code == reason.Code && r.CapacityType == reason.CapacityType))
        {
            reasons.Add(reason);
        }
    }
}
