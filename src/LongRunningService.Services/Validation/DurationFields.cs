using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Validation;

/// <summary>
/// Reads a <c>google.protobuf.Duration</c> a client sent: it must be
/// normalized (nanos within ±999,999,999 and with the sign of seconds) and
/// within the allowed range, else INVALID_ARGUMENT names the field and range.
/// </summary>
internal static class DurationFields
{
    /// <summary>The duration, between zero and <paramref name="max"/>.</summary>
    public static TimeSpan Read(Duration duration, string field, TimeSpan max)
    {
        RequireNormalized(duration, field);
        var value = duration.ToTimeSpan();
        if (value < TimeSpan.Zero || value > max)
        {
            throw RpcErrors.InvalidField(field, $"The field `{field}` must be between 0s and {Format(max)}; got {Describe(duration)}.");
        }

        return value;
    }

    /// <summary>A duration as proto3 JSON writes it, e.g. <c>31536000s</c>.</summary>
    public static string Format(TimeSpan value) =>
        (value.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    /// <exception cref="RpcException">INVALID_ARGUMENT when the duration is not normalized or out of protobuf's range.</exception>
    public static void RequireNormalized(Duration duration, string field)
    {
        var nanosFit = duration.Nanos is > -Duration.NanosecondsPerSecond and < Duration.NanosecondsPerSecond;
        var signsAgree = duration.Seconds == 0 || duration.Nanos == 0 || (duration.Seconds < 0) == (duration.Nanos < 0);
        if (!nanosFit || !signsAgree || duration.Seconds is < Duration.MinSeconds or > Duration.MaxSeconds)
        {
            throw RpcErrors.InvalidField(
                field,
                $"The field `{field}` is not a valid google.protobuf.Duration: seconds must be within ±{Duration.MaxSeconds} and nanos within ±999999999 with the sign of seconds; got {Describe(duration)}.");
        }
    }

    private static string Describe(Duration duration) =>
        string.Create(CultureInfo.InvariantCulture, $"seconds={duration.Seconds}, nanos={duration.Nanos}");
}
