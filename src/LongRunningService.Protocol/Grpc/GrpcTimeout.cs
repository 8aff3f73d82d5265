namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Parses the <c>grpc-timeout</c> header. Grammar (PROTOCOL-HTTP2.md):
/// <code>
/// Timeout      → TimeoutValue TimeoutUnit
/// TimeoutValue → {positive integer as ASCII string of at most 8 digits}
/// TimeoutUnit  → Hour / Minute / Second / Millisecond / Microsecond / Nanosecond
/// Hour → "H"  Minute → "M"  Second → "S"  Millisecond → "m"  Microsecond → "u"  Nanosecond → "n"
/// </code>
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;

    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        foreach (var c in value[..^1])
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // 99,999,999 hours is within TimeSpan's range, so no unit overflows.
        timeout = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * 10),
            // A tick is 100 ns; round up so that 1n is not a zero timeout turned infinite.
            'n' => TimeSpan.FromTicks((amount + 99) / 100),
            _ => TimeSpan.MinValue,
        };

        return timeout != TimeSpan.MinValue;
    }
}
