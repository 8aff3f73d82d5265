using System.Globalization;
using System.Text.RegularExpressions;

namespace LongRunningService.Operations.Filtering;

/// <summary>
/// Reads RFC 3339 timestamps (https://www.rfc-editor.org/rfc/rfc3339#section-5.6), the form
/// AIP-160 uses for timestamp literals and protobuf JSON uses for <c>google.protobuf.Timestamp</c>.
/// </summary>
internal static partial class Rfc3339Timestamp
{
    private const int TicksDigits = 7;

    // Section 5.6: date-time = full-date "T" full-time; "T" and "Z" may be lowercase.
    // [0-9], not \d, because \d also matches other scripts' digits.
    // Up to 9 fraction digits: protobuf JSON writes nanoseconds.
    [GeneratedRegex(
        "^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt]"
        + "(?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\\.(?<fraction>[0-9]{1,9}))?"
        + "(?:[Zz]|(?<sign>[+-])(?<offsetHour>[0-9]{2}):(?<offsetMinute>[0-9]{2}))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Format().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success)
        {
            var offsetMinute = Number(match, "offsetMinute");
            if (offsetMinute > 59)
            {
                return false;
            }

            offset = new TimeSpan(Number(match, "offsetHour"), offsetMinute, 0);
            if (match.Groups["sign"].Value == "-")
            {
                offset = -offset;
            }
        }

        // DateTimeOffset holds 100 ns ticks: digits past the seventh are dropped, not rounded,
        // so a nanosecond value never moves into the next tick.
        var fraction = match.Groups["fraction"].Value;
        var ticks = fraction.Length == 0
            ? 0
            : int.Parse(fraction.PadRight(TicksDigits, '0')[..TicksDigits], CultureInfo.InvariantCulture);

        try
        {
            var local = new DateTime(
                Number(match, "year"),
                Number(match, "month"),
                Number(match, "day"),
                Number(match, "hour"),
                Number(match, "minute"),
                Number(match, "second"),
                DateTimeKind.Unspecified);
            value = new DateTimeOffset(local.AddTicks(ticks), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The constructors are the range check: month 13, February 30, hour 24, second 60
            // (leap seconds have no .NET representation), offsets past ±14:00, year 0.
            return false;
        }
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);
}
