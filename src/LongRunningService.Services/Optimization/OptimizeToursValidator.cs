using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Optimization.Planning;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Checks an <c>OptimizeToursRequest</c> against the constraints
/// fleet_routing.proto documents and the planner's size limits, collecting
/// every problem found (up to <c>max_validation_errors</c>) with the codes of
/// <c>OptimizeToursValidationError</c>. Size limits are checked first, so the
/// work is bounded by them.
/// </summary>
internal static class OptimizeToursValidator
{
    public static ValidationReport Validate(OptimizeToursRequest request)
    {
        var report = new ValidationReport(MaxIssues(request));
        var root = FieldPath.Root("model");
        CheckOptions(report, request);
        var model = request.Model ?? new ShipmentModel();
        if (!CheckSizes(report, model, root) || !CheckGlobalTimes(report, model, root))
        {
            return report;
        }

        if (model.HasMaxActiveVehicles && model.MaxActiveVehicles <= 0)
        {
            report.Add(22, "SHIPMENT_MODEL_ERROR", root.Field("max_active_vehicles"), "must be positive.");
        }

        if (!TourTimes.IsNonNegative(model.GlobalDurationCostPerHour))
        {
            report.Add(22, "SHIPMENT_MODEL_ERROR", root.Field("global_duration_cost_per_hour"), "must not be negative.");
        }

        for (var i = 0; i < model.Shipments.Count && !report.IsFull; i++)
        {
            ShipmentRules.Check(report, model, root.Field("shipments", i), i);
        }

        for (var i = 0; i < model.Vehicles.Count && !report.IsFull; i++)
        {
            VehicleRules.Check(report, model, root.Field("vehicles", i), i);
        }

        return report;
    }

    private static int MaxIssues(OptimizeToursRequest request) =>
        request.HasMaxValidationErrors && request.MaxValidationErrors > 0
            ? Math.Min(request.MaxValidationErrors, ValidationReport.MaxIssuesCap)
            : ValidationReport.DefaultMaxIssues;

    private static void CheckOptions(ValidationReport report, OptimizeToursRequest request)
    {
        if (!Enum.IsDefined(request.SolvingMode))
        {
            report.Add(1201, "REQUEST_OPTIONS_INVALID_SOLVING_MODE", FieldPath.Root("solving_mode"), $"has the unknown value {(int)request.SolvingMode}.");
        }

        if (request.HasMaxValidationErrors && request.MaxValidationErrors <= 0)
        {
            report.Add(1203, "REQUEST_OPTIONS_INVALID_MAX_VALIDATION_ERRORS", FieldPath.Root("max_validation_errors"), "must be positive.");
        }

        if (request.Timeout is { } timeout && !TourTimes.IsValid(timeout))
        {
            report.Add(12, "REQUEST_OPTIONS_ERROR", FieldPath.Root("timeout"), "must be a non-negative whole number of seconds.");
        }

        var speed = FieldPath.Root("geodesic_meters_per_second");
        if (request.UseGeodesicDistances && !request.HasGeodesicMetersPerSecond)
        {
            report.Add(1206, "REQUEST_OPTIONS_MISSING_GEODESIC_METERS_PER_SECOND", speed, "is required when use_geodesic_distances is true.");
        }
        else if (request.HasGeodesicMetersPerSecond && !double.IsFinite(request.GeodesicMetersPerSecond))
        {
            report.Add(1204, "REQUEST_OPTIONS_INVALID_GEODESIC_METERS_PER_SECOND", speed, "must be a finite number.");
        }
        else if (request.HasGeodesicMetersPerSecond && request.GeodesicMetersPerSecond < 1.0)
        {
            report.Add(1205, "REQUEST_OPTIONS_GEODESIC_METERS_PER_SECOND_TOO_SMALL", speed, "must be at least 1.0 meters per second.");
        }
    }

    private static bool CheckSizes(ValidationReport report, ShipmentModel model, FieldPath root)
    {
        if (model.Shipments.Count > PlanningLimits.MaxShipments)
        {
            report.Add(2200, "SHIPMENT_MODEL_TOO_LARGE", root.Field("shipments"), $"has {model.Shipments.Count} shipments; at most {PlanningLimits.MaxShipments} are accepted.");
        }

        if (model.Vehicles.Count > PlanningLimits.MaxVehicles)
        {
            report.Add(2200, "SHIPMENT_MODEL_TOO_LARGE", root.Field("vehicles"), $"has {model.Vehicles.Count} vehicles; at most {PlanningLimits.MaxVehicles} are accepted.");
        }

        var loadTypes = CloudOptimizationProblemReader.LoadTypes(model);
        if (loadTypes.Count > PlanningLimits.MaxLoadTypes)
        {
            report.Add(2201, "SHIPMENT_MODEL_TOO_MANY_CAPACITY_TYPES", root, $"uses {loadTypes.Count} load types; at most {PlanningLimits.MaxLoadTypes} are accepted.");
        }

        return report.IsValid;
    }

    private static bool CheckGlobalTimes(ValidationReport report, ShipmentModel model, FieldPath root)
    {
        if (model.GlobalStartTime is { } start && !TourTimes.IsValid(start))
        {
            report.Add(2202, "SHIPMENT_MODEL_GLOBAL_START_TIME_NEGATIVE_OR_NAN", root.Field("global_start_time"), "must be whole seconds from 1970 to 9999.");
            return false;
        }

        if (model.GlobalEndTime is { } end && !TourTimes.IsValid(end))
        {
            report.Add(2203, "SHIPMENT_MODEL_GLOBAL_END_TIME_TOO_LARGE_OR_NAN", root.Field("global_end_time"), "must be whole seconds from 1970 to 9999.");
            return false;
        }

        var (globalStart, globalEnd) = (TourTimes.GlobalStart(model), TourTimes.GlobalEnd(model));
        if (globalStart > globalEnd)
        {
            report.Add(2204, "SHIPMENT_MODEL_GLOBAL_START_TIME_AFTER_GLOBAL_END_TIME", root.Field("global_start_time"), $"({globalStart} s) is after global_end_time ({globalEnd} s).");
            return false;
        }

        if (globalEnd - globalStart > TourTimes.MaxGlobalSpan)
        {
            report.Add(2205, "SHIPMENT_MODEL_GLOBAL_DURATION_TOO_LONG", root.Field("global_end_time"), "is more than a year (31536000 s) after global_start_time.");
            return false;
        }

        return true;
    }
}
