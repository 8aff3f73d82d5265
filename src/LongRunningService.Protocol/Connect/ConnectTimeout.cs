using System.Globalization;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Parses <c>Connect-Timeout-Ms</c>: a positive integer of at most 10 digits,
/// in milliseconds, and restates it as a <c>grpc-timeout</c> value for the
/// call handlers that Connect streams share with gRPC.
/// </summary>
internal static class ConnectTimeout
{
    private const int MaxDigits = 10;
    private const long MaxGrpcValue = 99_999_999;

    public static bool TryParse(string? value, out long milliseconds)
    {
        milliseconds = 0;
        return value is { Length: > 0 and <= MaxDigits }
            && value.All(char.IsAsciiDigit)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds);
    }

    /// <summary>The same timeout in <c>grpc-timeout</c>'s grammar, which allows 8 digits: milliseconds, else whole seconds rounded up.</summary>
    public static string ToGrpcTimeout(long milliseconds) =>
        milliseconds <= MaxGrpcValue
            ? milliseconds.ToString(CultureInfo.InvariantCulture) + "m"
            : ((milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture) + "S";
}
