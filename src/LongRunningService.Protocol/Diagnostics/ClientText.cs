namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Client input as errors and logs may quote it: at most a short prefix, so
/// that a huge value never makes huge headers or log lines.
/// </summary>
internal static class ClientText
{
    public const int MaxQuoted = 64;

    public static string Prefix(string? value) =>
        value is null ? string.Empty : value.Length <= MaxQuoted ? value : string.Concat(value.AsSpan(0, MaxQuoted), "…");
}
