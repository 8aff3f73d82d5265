using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// The time rules of the routing APIs: timestamps and durations are whole
/// seconds in [0, 253402300799] (year 9999), and the model's span defaults to
/// 1970 and must be at most a year (fleet_routing.proto, service comment and
/// <c>ShipmentModel.global_start_time</c>).
/// </summary>
internal static class TourTimes
{
    public const long MaxSeconds = 253_402_300_799;

    public const long DefaultGlobalEnd = 31_536_000;

    public const long MaxGlobalSpan = 31_536_000;

    public static bool IsValid(Timestamp value) => value.Nanos == 0 && value.Seconds is >= 0 and <= MaxSeconds;

    public static bool IsValid(Duration value) => value.Nanos == 0 && value.Seconds is >= 0 and <= MaxSeconds;

    public static bool IsNonNegative(double value) => double.IsFinite(value) && value >= 0;

    public static long GlobalStart(Google.Cloud.Optimization.V1.ShipmentModel model) => model.GlobalStartTime?.Seconds ?? 0;

    public static long GlobalEnd(Google.Cloud.Optimization.V1.ShipmentModel model) => model.GlobalEndTime?.Seconds ?? DefaultGlobalEnd;
}
