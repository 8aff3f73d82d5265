using Google.Cloud.Optimization.V1;
using Google.Protobuf;
using LongRunningService.Services.Optimization.Planning;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Checks a list of time windows (<c>TimeWindow</c> in fleet_routing.proto):
/// valid times, start not after end, inside the model's span, sorted and
/// neither overlapping nor adjacent, and soft bounds consistent with their
/// costs. Codes are the TIME_WINDOW_* ones of <c>OptimizeToursValidationError</c>.
/// </summary>
internal static class TimeWindowRules
{
    public static void Check(ValidationReport report, IList<TimeWindow> windows, FieldPath owner, string field, long globalStart, long globalEnd)
    {
        if (windows.Count > PlanningLimits.MaxTimeWindows)
        {
            report.Add(2200, "SHIPMENT_MODEL_TOO_LARGE", owner.Field(field), $"has {windows.Count} time windows; at most {PlanningLimits.MaxTimeWindows} are accepted.");
            return;
        }

        long? previousEnd = null;
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            var path = owner.Field(field, i);
            if (window.StartTime is { } s && !TourTimes.IsValid(s))
            {
                report.Add(2800, "TIME_WINDOW_INVALID_START_TIME", path, "has an invalid start_time: it must be whole seconds from 1970 to 9999.");
                continue;
            }

            if (window.EndTime is { } e && !TourTimes.IsValid(e))
            {
                report.Add(2801, "TIME_WINDOW_INVALID_END_TIME", path, "has an invalid end_time: it must be whole seconds from 1970 to 9999.");
                continue;
            }

            var start = window.StartTime?.Seconds ?? globalStart;
            var end = window.EndTime?.Seconds ?? globalEnd;
            if (start > end)
            {
                report.Add(2805, "TIME_WINDOW_START_TIME_AFTER_END_TIME", path, $"ends before it starts (start_time {start} s is after end_time {end} s).");
                continue;
            }

            if (start < globalStart || end > globalEnd)
            {
                report.Add(2804, "TIME_WINDOW_OUTSIDE_GLOBAL_TIME_WINDOW", path, "is not inside the model's global_start_time and global_end_time.");
            }

            if (start <= previousEnd)
            {
                report.Add(2812, "TIME_WINDOW_OVERLAPPING_ADJACENT_OR_EARLIER_THAN_PREVIOUS", path, "overlaps, touches or comes before the previous window; windows must be disjoint and in increasing order.");
            }

            previousEnd = end;
            CheckSoftBounds(report, window, path, start, end, windows.Count);
        }
    }

    private static void CheckSoftBounds(ValidationReport report, TimeWindow window, FieldPath path, long start, long end, int windowCount)
    {
        CheckSoftTime(report, window.SoftStartTime, path, start, end, (2802, "TIME_WINDOW_INVALID_SOFT_START_TIME", "soft_start_time"), (2813, "TIME_WINDOW_START_TIME_AFTER_SOFT_START_TIME"), (2814, "TIME_WINDOW_SOFT_START_TIME_AFTER_END_TIME"));
        CheckSoftTime(report, window.SoftEndTime, path, start, end, (2803, "TIME_WINDOW_INVALID_SOFT_END_TIME", "soft_end_time"), (2815, "TIME_WINDOW_START_TIME_AFTER_SOFT_END_TIME"), (2816, "TIME_WINDOW_SOFT_END_TIME_AFTER_END_TIME"));
        CheckSoftCost(report, path, window.HasCostPerHourBeforeSoftStartTime, window.CostPerHourBeforeSoftStartTime, window.SoftStartTime, windowCount, before: true);
        CheckSoftCost(report, path, window.HasCostPerHourAfterSoftEndTime, window.CostPerHourAfterSoftEndTime, window.SoftEndTime, windowCount, before: false);
    }

    // A soft bound must be a valid time between the window's start and end.
    private static void CheckSoftTime(
        ValidationReport report,
        Google.Protobuf.WellKnownTypes.Timestamp? soft,
        FieldPath path,
        long start,
        long end,
        (int Code, string Name, string Field) invalid,
        (int Code, string Name) beforeStart,
        (int Code, string Name) afterEnd)
    {
        if (soft is null)
        {
            return;
        }

        if (!TourTimes.IsValid(soft))
        {
            report.Add(invalid.Code, invalid.Name, path, $"has an invalid {invalid.Field}.");
        }
        else if (soft.Seconds < start)
        {
            report.Add(beforeStart.Code, beforeStart.Name, path, $"has a {invalid.Field} before its start_time.");
        }
        else if (soft.Seconds > end)
        {
            report.Add(afterEnd.Code, afterEnd.Name, path, $"has a {invalid.Field} after its end_time.");
        }
    }

    private static void CheckSoftCost(ValidationReport report, FieldPath path, bool hasCost, double cost, IMessage? softTime, int windowCount, bool before)
    {
        var (costField, softField) = before
            ? ("cost_per_hour_before_soft_start_time", "soft_start_time")
            : ("cost_per_hour_after_soft_end_time", "soft_end_time");
        if (hasCost && !TourTimes.IsNonNegative(cost))
        {
            report.Add(before ? 2806 : 2807, before ? "TIME_WINDOW_INVALID_COST_PER_HOUR_BEFORE_SOFT_START_TIME" : "TIME_WINDOW_INVALID_COST_PER_HOUR_AFTER_SOFT_END_TIME", path, $"has a negative or non-finite {costField}.");
        }
        else if (hasCost && softTime is null)
        {
            report.Add(before ? 2808 : 2809, before ? "TIME_WINDOW_COST_BEFORE_SOFT_START_TIME_WITHOUT_SOFT_START_TIME" : "TIME_WINDOW_COST_AFTER_SOFT_END_TIME_WITHOUT_SOFT_END_TIME", path, $"sets {costField} without {softField}.");
        }
        else if (!hasCost && softTime is not null)
        {
            report.Add(before ? 2810 : 2811, before ? "TIME_WINDOW_SOFT_START_TIME_WITHOUT_COST_BEFORE_SOFT_START_TIME" : "TIME_WINDOW_SOFT_END_TIME_WITHOUT_COST_AFTER_SOFT_END_TIME", path, $"sets {softField} without {costField}.");
        }
        else if (hasCost && windowCount > 1)
        {
            report.Add(before ? 2817 : 2818, before ? "TIME_WINDOW_COST_BEFORE_SOFT_START_TIME_SET_AND_MULTIPLE_WINDOWS" : "TIME_WINDOW_COST_AFTER_SOFT_END_TIME_SET_AND_MULTIPLE_WINDOWS", path, $"sets {costField}, which only a single time window may have.");
        }
    }
}
