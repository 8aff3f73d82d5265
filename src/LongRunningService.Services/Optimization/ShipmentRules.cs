using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Optimization.Planning;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Checks each shipment and its visit requests against the rules
/// fleet_routing.proto documents, with the SHIPMENT_*, VISIT_REQUEST_*,
/// AMOUNT_* and TIME_WINDOW_* codes of <c>OptimizeToursValidationError</c>.
/// </summary>
internal static class ShipmentRules
{
    private const int VisitRequestError = 44;

    public static void Check(ValidationReport report, ShipmentModel model, FieldPath path, int index)
    {
        var shipment = model.Shipments[index];
        var span = TourTimes.GlobalEnd(model) - TourTimes.GlobalStart(model);
        if (shipment.Pickups.Count == 0 && shipment.Deliveries.Count == 0)
        {
            report.Add(4005, "SHIPMENT_NO_PICKUP_NO_DELIVERY", path, "has neither pickups nor deliveries.");
        }

        if (shipment.HasPenaltyCost && !(double.IsFinite(shipment.PenaltyCost) && shipment.PenaltyCost > 0))
        {
            report.Add(4006, "SHIPMENT_INVALID_PENALTY_COST", path.Field("penalty_cost"), "must be positive.");
        }

        CheckIndices(report, shipment.AllowedVehicleIndices, path.Field("allowed_vehicle_indices"), model.Vehicles.Count, (4007, "SHIPMENT_ALLOWED_VEHICLE_INDEX_OUT_OF_BOUNDS"), (4008, "SHIPMENT_DUPLICATE_ALLOWED_VEHICLE_INDEX"));
        CheckCostsPerVehicle(report, shipment, path, model.Vehicles.Count);
        if (shipment.PickupToDeliveryTimeLimit is { } limit)
        {
            if (!TourTimes.IsValid(limit))
            {
                report.Add(4002, "SHIPMENT_PD_TIME_LIMIT_DURATION_NEGATIVE_OR_NAN", path.Field("pickup_to_delivery_time_limit"), "must be a non-negative whole number of seconds.");
            }
            else if (limit.Seconds > span)
            {
                report.Add(4003, "SHIPMENT_PD_TIME_LIMIT_DURATION_EXCEEDS_GLOBAL_DURATION", path.Field("pickup_to_delivery_time_limit"), "is longer than the model's time span.");
            }
        }

        CheckLoads(report, shipment.LoadDemands, path);
        CheckVisits(report, model, shipment.Pickups, path, "pickups");
        CheckVisits(report, model, shipment.Deliveries, path, "deliveries");
    }

    /// <summary>Indices into a list of <paramref name="count"/> items: in range and listed once.</summary>
    public static void CheckIndices(ValidationReport report, IList<int> indices, FieldPath path, int count, (int Code, string Name) outOfBounds, (int Code, string Name) duplicate)
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0 || indices[i] >= count)
            {
                report.Add(outOfBounds.Code, outOfBounds.Name, path, $"holds index {indices[i]}, but the model has {count} vehicles.");
            }
            else if (!seen.Add(indices[i]))
            {
                report.Add(duplicate.Code, duplicate.Name, path, $"holds index {indices[i]} twice.");
            }
        }
    }

    public static void CheckLoads(ValidationReport report, IDictionary<string, Shipment.Types.Load> loads, FieldPath owner)
    {
        foreach (var (type, load) in loads)
        {
            if (load.Amount < 0)
            {
                report.Add(3100, "AMOUNT_NEGATIVE_VALUE", owner.Field("load_demands", type), "has a negative amount.");
            }
        }
    }

    private static void CheckCostsPerVehicle(ValidationReport report, Shipment shipment, FieldPath path, int vehicleCount)
    {
        var costs = path.Field("costs_per_vehicle");
        if (shipment.CostsPerVehicleIndices.Count > 0 && shipment.CostsPerVehicleIndices.Count != shipment.CostsPerVehicle.Count)
        {
            report.Add(4010, "SHIPMENT_INCONSISTENT_COST_FOR_VEHICLE_SIZE_WITH_INDEX", costs, "must have as many elements as costs_per_vehicle_indices.");
        }
        else if (shipment.CostsPerVehicleIndices.Count == 0 && shipment.CostsPerVehicle.Count > 0 && shipment.CostsPerVehicle.Count != vehicleCount)
        {
            report.Add(4009, "SHIPMENT_INCONSISTENT_COST_FOR_VEHICLE_SIZE_WITHOUT_INDEX", costs, "must have one element per vehicle when costs_per_vehicle_indices is empty.");
        }

        if (shipment.CostsPerVehicle.Any(c => !TourTimes.IsNonNegative(c)))
        {
            report.Add(4011, "SHIPMENT_INVALID_COST_FOR_VEHICLE", costs, "holds a negative or non-finite cost.");
        }

        CheckIndices(report, shipment.CostsPerVehicleIndices, path.Field("costs_per_vehicle_indices"), vehicleCount, (4012, "SHIPMENT_COST_FOR_VEHICLE_INDEX_OUT_OF_BOUNDS"), (4013, "SHIPMENT_DUPLICATE_COST_FOR_VEHICLE_INDEX"));
    }

    private static void CheckVisits(ValidationReport report, ShipmentModel model, IList<Shipment.Types.VisitRequest> requests, FieldPath shipment, string field)
    {
        if (requests.Count > PlanningLimits.MaxVisitAlternatives)
        {
            report.Add(2200, "SHIPMENT_MODEL_TOO_LARGE", shipment.Field(field), $"has {requests.Count} alternatives; at most {PlanningLimits.MaxVisitAlternatives} are accepted.");
            return;
        }

        for (var i = 0; i < requests.Count; i++)
        {
            CheckVisit(report, model, requests[i], shipment.Field(field, i));
        }
    }

    private static void CheckVisit(ValidationReport report, ShipmentModel model, Shipment.Types.VisitRequest request, FieldPath path)
    {
        var error = (VisitRequestError, "VISIT_REQUEST_ERROR");
        var hasArrival = LocationRules.Check(report, path, request.ArrivalLocation, request.ArrivalWaypoint, ("arrival_location", "arrival_waypoint"), error);
        if (!hasArrival && request.ArrivalLocation is null && request.ArrivalWaypoint is null)
        {
            report.Add(VisitRequestError, "VISIT_REQUEST_ERROR", path, "has no arrival_location or arrival_waypoint: travel here is computed between coordinates, so every pickup and delivery needs one.");
        }

        LocationRules.Check(report, path, request.DepartureLocation, request.DepartureWaypoint, ("departure_location", "departure_waypoint"), error);
        CheckTags(report, request.Tags, path.Field("tags"), (4400, "VISIT_REQUEST_EMPTY_TAG"), (4401, "VISIT_REQUEST_DUPLICATE_TAG"));
        if (request.Duration is { } duration)
        {
            if (!TourTimes.IsValid(duration))
            {
                report.Add(4404, "VISIT_REQUEST_DURATION_NEGATIVE_OR_NAN", path.Field("duration"), "must be a non-negative whole number of seconds.");
            }
            else if (duration.Seconds > TourTimes.GlobalEnd(model) - TourTimes.GlobalStart(model))
            {
                report.Add(4405, "VISIT_REQUEST_DURATION_EXCEEDS_GLOBAL_DURATION", path.Field("duration"), "is longer than the model's time span.");
            }
        }

        if (!TourTimes.IsNonNegative(request.Cost))
        {
            report.Add(VisitRequestError, "VISIT_REQUEST_ERROR", path.Field("cost"), "must not be negative.");
        }

        if (request.VisitTypes.Distinct(StringComparer.Ordinal).Count() != request.VisitTypes.Count)
        {
            report.Add(VisitRequestError, "VISIT_REQUEST_ERROR", path.Field("visit_types"), "lists a type twice.");
        }

        CheckLoads(report, request.LoadDemands, path);
        TimeWindowRules.Check(report, request.TimeWindows, path, "time_windows", TourTimes.GlobalStart(model), TourTimes.GlobalEnd(model));
    }

    /// <summary>Tags: none empty, none repeated.</summary>
    public static void CheckTags(ValidationReport report, IList<string> tags, FieldPath path, (int Code, string Name) empty, (int Code, string Name) duplicate)
    {
        if (tags.Any(string.IsNullOrEmpty))
        {
            report.Add(empty.Code, empty.Name, path, "holds an empty tag.");
        }

        if (tags.Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            report.Add(duplicate.Code, duplicate.Name, path, "holds a tag twice.");
        }
    }
}
