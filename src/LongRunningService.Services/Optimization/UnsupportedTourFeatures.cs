using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Request fields whose hard constraints the planner does not model. Ignoring
/// them could return a plan that breaks them, so a request that uses one is
/// answered UNIMPLEMENTED naming the first such field. Soft costs, polylines,
/// traffic and search options are not in this list: leaving them out keeps a
/// plan feasible.
/// </summary>
internal static class UnsupportedTourFeatures
{
    public static void Check(OptimizeToursRequest request)
    {
        Refuse(request.InjectedFirstSolutionRoutes.Count > 0, "injected_first_solution_routes");
        Refuse(request.InjectedSolutionConstraint is not null, "injected_solution_constraint");
        Refuse(request.RefreshDetailsRoutes.Count > 0, "refresh_details_routes");
        if (request.Model is not { } model)
        {
            return;
        }

        Refuse(model.DurationDistanceMatrices.Count > 0 || model.DurationDistanceMatrixSrcTags.Count > 0 || model.DurationDistanceMatrixDstTags.Count > 0, "model.duration_distance_matrices");
        Refuse(model.TransitionAttributes.Count > 0, "model.transition_attributes");
        Refuse(model.ShipmentTypeIncompatibilities.Count > 0, "model.shipment_type_incompatibilities");
        Refuse(model.ShipmentTypeRequirements.Count > 0, "model.shipment_type_requirements");
        Refuse(model.PrecedenceRules.Count > 0, "model.precedence_rules");
#pragma warning disable CS0612 // Deprecated fields are still on the wire; they are refused, not read.
        Refuse(model.BreakRules.Count > 0, "model.break_rules");
        for (var s = 0; s < model.Shipments.Count; s++)
        {
            var shipment = model.Shipments[s];
            var path = $"model.shipments[{s}]";
            Refuse(shipment.HasPickupToDeliveryRelativeDetourLimit, path + ".pickup_to_delivery_relative_detour_limit");
            Refuse(shipment.PickupToDeliveryAbsoluteDetourLimit is not null, path + ".pickup_to_delivery_absolute_detour_limit");
            Refuse(shipment.Demands.Count > 0, path + ".demands");
            CheckVisits(shipment.Pickups, path + ".pickups");
            CheckVisits(shipment.Deliveries, path + ".deliveries");
        }

        for (var v = 0; v < model.Vehicles.Count; v++)
        {
            var vehicle = model.Vehicles[v];
            var path = $"model.vehicles[{v}]";
            Refuse(vehicle.BreakRule is not null, path + ".break_rule");
            Refuse(vehicle.BreakRuleIndices.Count > 0, path + ".break_rule_indices");
            Refuse(vehicle.Capacities.Count > 0, path + ".capacities");
            Refuse(vehicle.StartLoadIntervals.Count > 0, path + ".start_load_intervals");
            Refuse(vehicle.EndLoadIntervals.Count > 0, path + ".end_load_intervals");
            Refuse(vehicle.StartWaypoint?.PlaceId.Length > 0, path + ".start_waypoint.place_id");
            Refuse(vehicle.EndWaypoint?.PlaceId.Length > 0, path + ".end_waypoint.place_id");
        }
    }

    private static void CheckVisits(IList<Shipment.Types.VisitRequest> requests, string path)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            Refuse(requests[i].Demands.Count > 0, $"{path}[{i}].demands");
#pragma warning restore CS0612
            Refuse(requests[i].ArrivalWaypoint?.PlaceId.Length > 0, $"{path}[{i}].arrival_waypoint.place_id");
            Refuse(requests[i].DepartureWaypoint?.PlaceId.Length > 0, $"{path}[{i}].departure_waypoint.place_id");
        }
    }

    private static void Refuse(bool used, string field)
    {
        if (used)
        {
            throw RpcErrors.Unimplemented(
                $"The field `{field}` is not supported by this server's planner, which models locations, durations, time windows, "
                + "loads and route limits only; remove it to get a plan.");
        }
    }
}
