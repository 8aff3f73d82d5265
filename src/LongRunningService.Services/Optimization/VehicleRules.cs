using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Optimization.Planning;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Checks each vehicle against the rules fleet_routing.proto documents, with
/// the VEHICLE_*, LOAD_LIMIT_*, INTERVAL_*, DURATION_LIMIT_*, DISTANCE_LIMIT_*
/// and TIME_WINDOW_* codes of <c>OptimizeToursValidationError</c>.
/// </summary>
internal static class VehicleRules
{
    public static void Check(ValidationReport report, ShipmentModel model, FieldPath path, int index)
    {
        var vehicle = model.Vehicles[index];
        var (globalStart, globalEnd) = (TourTimes.GlobalStart(model), TourTimes.GlobalEnd(model));
        var error = (42, "VEHICLE_ERROR");
        LocationRules.Check(report, path, vehicle.StartLocation, vehicle.StartWaypoint, ("start_location", "start_waypoint"), error);
        LocationRules.Check(report, path, vehicle.EndLocation, vehicle.EndWaypoint, ("end_location", "end_waypoint"), error);
        ShipmentRules.CheckTags(report, vehicle.StartTags, path.Field("start_tags"), (4203, "VEHICLE_EMPTY_START_TAG"), (4204, "VEHICLE_DUPLICATE_START_TAG"));
        ShipmentRules.CheckTags(report, vehicle.EndTags, path.Field("end_tags"), (4205, "VEHICLE_EMPTY_END_TAG"), (4206, "VEHICLE_DUPLICATE_END_TAG"));
        TimeWindowRules.Check(report, vehicle.StartTimeWindows, path, "start_time_windows", globalStart, globalEnd);
        TimeWindowRules.Check(report, vehicle.EndTimeWindows, path, "end_time_windows", globalStart, globalEnd);
        if (vehicle.HasTravelDurationMultiple && !(vehicle.TravelDurationMultiple is >= 0.001 and <= 1000.0))
        {
            report.Add(4221, "VEHICLE_INVALID_TRAVEL_DURATION_MULTIPLE", path.Field("travel_duration_multiple"), "must be in [0.001, 1000].");
        }

        CheckCost(report, vehicle.CostPerKilometer, path.Field("cost_per_kilometer"), 4217, "VEHICLE_INVALID_COST_PER_KILOMETER");
        CheckCost(report, vehicle.CostPerHour, path.Field("cost_per_hour"), 4218, "VEHICLE_INVALID_COST_PER_HOUR");
        CheckCost(report, vehicle.CostPerTraveledHour, path.Field("cost_per_traveled_hour"), 4219, "VEHICLE_INVALID_COST_PER_TRAVELED_HOUR");
        CheckCost(report, vehicle.FixedCost, path.Field("fixed_cost"), 4220, "VEHICLE_INVALID_FIXED_COST");
        if (vehicle.Ignore && vehicle.UsedIfRouteIsEmpty)
        {
            report.Add(4216, "VEHICLE_IGNORED_WITH_USED_IF_ROUTE_IS_EMPTY", path, "sets both ignore and used_if_route_is_empty.");
        }

        foreach (var (type, extra) in vehicle.ExtraVisitDurationForVisitType)
        {
            var field = path.Field("extra_visit_duration_for_visit_type", type);
            if (type.Length == 0)
            {
                report.Add(4209, "VEHICLE_EXTRA_VISIT_DURATION_EMPTY_KEY", path.Field("extra_visit_duration_for_visit_type"), "has an empty key.");
            }
            else if (!TourTimes.IsValid(extra))
            {
                report.Add(4207, "VEHICLE_EXTRA_VISIT_DURATION_NEGATIVE_OR_NAN", field, "must be a non-negative whole number of seconds.");
            }
            else if (extra.Seconds > globalEnd - globalStart)
            {
                report.Add(4208, "VEHICLE_EXTRA_VISIT_DURATION_EXCEEDS_GLOBAL_DURATION", field, "is longer than the model's time span.");
            }
        }

        foreach (var (type, limit) in vehicle.LoadLimits)
        {
            CheckLoadLimit(report, limit, path.Field("load_limits", type));
        }

        CheckDurationLimit(report, vehicle.RouteDurationLimit, path.Field("route_duration_limit"), globalEnd - globalStart);
        CheckDurationLimit(report, vehicle.TravelDurationLimit, path.Field("travel_duration_limit"), globalEnd - globalStart);
        CheckDistanceLimit(report, vehicle.RouteDistanceLimit, path.Field("route_distance_limit"));
    }

    private static void CheckCost(ValidationReport report, double cost, FieldPath path, int code, string name)
    {
        if (!TourTimes.IsNonNegative(cost))
        {
            report.Add(code, name, path, "must not be negative.");
        }
    }

    private static void CheckLoadLimit(ValidationReport report, Vehicle.Types.LoadLimit limit, FieldPath path)
    {
        if (limit.HasMaxLoad && limit.MaxLoad < 0)
        {
            report.Add(3308, "LOAD_LIMIT_MAX_LOAD_NEGATIVE_VALUE", path.Field("max_load"), "must not be negative.");
        }

        if (limit.SoftMaxLoad < 0)
        {
            report.Add(3306, "LOAD_LIMIT_NEGATIVE_SOFT_MAX", path.Field("soft_max_load"), "must not be negative.");
        }
        else if (limit.SoftMaxLoad > 0 && limit.HasMaxLoad && limit.SoftMaxLoad > limit.MaxLoad)
        {
            report.Add(3309, "LOAD_LIMIT_SOFT_MAX_ABOVE_MAX", path.Field("soft_max_load"), "is above max_load.");
        }

        if (!TourTimes.IsNonNegative(limit.CostPerUnitAboveSoftMax))
        {
            report.Add(3303, "LOAD_LIMIT_INVALID_COST_ABOVE_SOFT_MAX", path.Field("cost_per_unit_above_soft_max"), "must not be negative.");
        }
        else if (limit.SoftMaxLoad > 0 && limit.CostPerUnitAboveSoftMax == 0)
        {
            report.Add(3304, "LOAD_LIMIT_SOFT_MAX_WITHOUT_COST_ABOVE_SOFT_MAX", path.Field("soft_max_load"), "is set without cost_per_unit_above_soft_max.");
        }
        else if (limit.SoftMaxLoad == 0 && limit.CostPerUnitAboveSoftMax > 0)
        {
            report.Add(3305, "LOAD_LIMIT_COST_ABOVE_SOFT_MAX_WITHOUT_SOFT_MAX", path.Field("cost_per_unit_above_soft_max"), "is set without soft_max_load.");
        }

        CheckInterval(report, limit.StartLoadInterval, path.Field("start_load_interval"));
        CheckInterval(report, limit.EndLoadInterval, path.Field("end_load_interval"));
    }

    private static void CheckInterval(ValidationReport report, Vehicle.Types.LoadLimit.Types.Interval? interval, FieldPath path)
    {
        if (interval is null)
        {
            return;
        }

        if (interval.Min < 0)
        {
            report.Add(3402, "INTERVAL_NEGATIVE_MIN", path.Field("min"), "must not be negative.");
        }
        else if (interval.HasMax && interval.Max < 0)
        {
            report.Add(3403, "INTERVAL_NEGATIVE_MAX", path.Field("max"), "must not be negative.");
        }
        else if (interval.HasMax && interval.Min > interval.Max)
        {
            report.Add(3401, "INTERVAL_MIN_EXCEEDS_MAX", path, "has a min above its max.");
        }
    }

    private static void CheckDurationLimit(ValidationReport report, Vehicle.Types.DurationLimit? limit, FieldPath path, long span)
    {
        if (limit is null)
        {
            return;
        }

        CheckLimitDuration(report, limit.MaxDuration, path.Field("max_duration"), span, (3800, "DURATION_LIMIT_MAX_DURATION_NEGATIVE_OR_NAN"), (3813, "DURATION_LIMIT_MAX_DURATION_EXCEEDS_GLOBAL_DURATION"));
        CheckLimitDuration(report, limit.SoftMaxDuration, path.Field("soft_max_duration"), span, (3801, "DURATION_LIMIT_SOFT_MAX_DURATION_NEGATIVE_OR_NAN"), (3814, "DURATION_LIMIT_SOFT_MAX_DURATION_EXCEEDS_GLOBAL_DURATION"));
        CheckLimitDuration(report, limit.QuadraticSoftMaxDuration, path.Field("quadratic_soft_max_duration"), span, (3805, "DURATION_LIMIT_QUADRATIC_SOFT_MAX_DURATION_NEGATIVE_OR_NAN"), (3815, "DURATION_LIMIT_QUADRATIC_SOFT_MAX_DURATION_EXCEEDS_GLOBAL_DURATION"));
        CheckSoftCost(report, limit.SoftMaxDuration, limit.HasCostPerHourAfterSoftMax, limit.CostPerHourAfterSoftMax, path, ("soft_max_duration", "cost_per_hour_after_soft_max"), (3802, 3803, 3804), ("INVALID_COST_PER_HOUR_AFTER_SOFT_MAX", "SOFT_MAX_WITHOUT_COST_AFTER_SOFT_MAX", "COST_AFTER_SOFT_MAX_WITHOUT_SOFT_MAX"));
        CheckSoftCost(report, limit.QuadraticSoftMaxDuration, limit.HasCostPerSquareHourAfterQuadraticSoftMax, limit.CostPerSquareHourAfterQuadraticSoftMax, path, ("quadratic_soft_max_duration", "cost_per_square_hour_after_quadratic_soft_max"), (3806, 3807, 3808), ("INVALID_COST_AFTER_QUADRATIC_SOFT_MAX", "QUADRATIC_SOFT_MAX_WITHOUT_COST_PER_SQUARE_HOUR", "COST_PER_SQUARE_HOUR_WITHOUT_QUADRATIC_SOFT_MAX"));
        if (limit.MaxDuration is { } max && limit.SoftMaxDuration is { } soft && soft.Seconds >= max.Seconds)
        {
            report.Add(3810, "DURATION_LIMIT_SOFT_MAX_LARGER_THAN_MAX", path.Field("soft_max_duration"), "must be less than max_duration.");
        }

        if (limit.QuadraticSoftMaxDuration is { } quadratic)
        {
            if (limit.MaxDuration is not { } hardMax)
            {
                report.Add(3809, "DURATION_LIMIT_QUADRATIC_SOFT_MAX_WITHOUT_MAX", path.Field("quadratic_soft_max_duration"), "is set without max_duration.");
            }
            else if (quadratic.Seconds >= hardMax.Seconds)
            {
                report.Add(3811, "DURATION_LIMIT_QUADRATIC_SOFT_MAX_LARGER_THAN_MAX", path.Field("quadratic_soft_max_duration"), "must be less than max_duration.");
            }
            else if (hardMax.Seconds - quadratic.Seconds > 86_400)
            {
                report.Add(3812, "DURATION_LIMIT_DIFF_BETWEEN_MAX_AND_QUADRATIC_SOFT_MAX_TOO_LARGE", path.Field("quadratic_soft_max_duration"), "is more than a day below max_duration.");
            }
        }
    }

    private static void CheckLimitDuration(ValidationReport report, Duration? value, FieldPath path, long span, (int Code, string Name) invalid, (int Code, string Name) tooLong)
    {
        if (value is null)
        {
            return;
        }

        if (!TourTimes.IsValid(value))
        {
            report.Add(invalid.Code, invalid.Name, path, "must be a non-negative whole number of seconds.");
        }
        else if (value.Seconds > span)
        {
            report.Add(tooLong.Code, tooLong.Name, path, "is longer than the model's time span.");
        }
    }

    private static void CheckSoftCost(
        ValidationReport report,
        Duration? threshold,
        bool hasCost,
        double cost,
        FieldPath path,
        (string Threshold, string Cost) fields,
        (int Invalid, int WithoutCost, int WithoutThreshold) codes,
        (string Invalid, string WithoutCost, string WithoutThreshold) names)
    {
        if (hasCost && !TourTimes.IsNonNegative(cost))
        {
            report.Add(codes.Invalid, "DURATION_LIMIT_" + names.Invalid, path.Field(fields.Cost), "must not be negative.");
        }
        else if (threshold is not null && !hasCost)
        {
            report.Add(codes.WithoutCost, "DURATION_LIMIT_" + names.WithoutCost, path.Field(fields.Threshold), $"is set without {fields.Cost}.");
        }
        else if (threshold is null && hasCost)
        {
            report.Add(codes.WithoutThreshold, "DURATION_LIMIT_" + names.WithoutThreshold, path.Field(fields.Cost), $"is set without {fields.Threshold}.");
        }
    }

    private static void CheckDistanceLimit(ValidationReport report, DistanceLimit? limit, FieldPath path)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.HasMaxMeters && limit.MaxMeters < 0)
        {
            report.Add(3604, "DISTANCE_LIMIT_NEGATIVE_MAX", path.Field("max_meters"), "must not be negative.");
        }

        if (limit.HasSoftMaxMeters && limit.SoftMaxMeters < 0)
        {
            report.Add(3605, "DISTANCE_LIMIT_NEGATIVE_SOFT_MAX", path.Field("soft_max_meters"), "must not be negative.");
        }
        else if (limit.HasSoftMaxMeters && limit.HasMaxMeters && limit.SoftMaxMeters >= limit.MaxMeters)
        {
            report.Add(3606, "DISTANCE_LIMIT_SOFT_MAX_LARGER_THAN_MAX", path.Field("soft_max_meters"), "must be less than max_meters.");
        }

        if (limit.HasCostPerKilometerAboveSoftMax && !TourTimes.IsNonNegative(limit.CostPerKilometerAboveSoftMax))
        {
            report.Add(3601, "DISTANCE_LIMIT_INVALID_COST_AFTER_SOFT_MAX", path.Field("cost_per_kilometer_above_soft_max"), "must not be negative.");
        }
        else if (limit.HasSoftMaxMeters && !limit.HasCostPerKilometerAboveSoftMax)
        {
            report.Add(3602, "DISTANCE_LIMIT_SOFT_MAX_WITHOUT_COST_AFTER_SOFT_MAX", path.Field("soft_max_meters"), "is set without cost_per_kilometer_above_soft_max.");
        }
        else if (!limit.HasSoftMaxMeters && limit.HasCostPerKilometerAboveSoftMax)
        {
            report.Add(3603, "DISTANCE_LIMIT_COST_AFTER_SOFT_MAX_WITHOUT_SOFT_MAX", path.Field("cost_per_kilometer_above_soft_max"), "is set without soft_max_meters.");
        }
    }
}
