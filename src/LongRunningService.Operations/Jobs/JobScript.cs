using System.Globalization;
using Google.Rpc;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// How one simulated job behaves. Defaults come from the latency profile of
/// the job's project (<see cref="LatencyProfiles"/>); each job may override them with labels,
/// because users drive jobs through Google's own clients:
/// <list type="bullet">
/// <item><c>emulator-outcome</c>: <c>succeeded</c> (default) or <c>failed</c>;</item>
/// <item><c>emulator-error-code</c>: the failure's code name, e.g. <c>resource_exhausted</c> (default <c>internal</c>);</item>
/// <item><c>emulator-queued</c>, <c>emulator-pending</c>, <c>emulator-duration</c> (running time), <c>emulator-cancel-delay</c>: durations such as <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>;</item>
/// <item><c>emulator-ignore-cancel</c>: <c>true</c> to record cancellation and finish anyway.</item>
/// </list>
/// </summary>
internal sealed record JobScript(
    TimeSpan Queued,
    TimeSpan Pending,
    TimeSpan Running,
    bool Fails,
    Code FailureCode,
    bool IgnoreCancellation,
    TimeSpan CancelDelay)
{
    public const string OutcomeLabel = "emulator-outcome";
    public const string ErrorCodeLabel = "emulator-error-code";
    public const string QueuedLabel = "emulator-queued";
    public const string PendingLabel = "emulator-pending";
    public const string DurationLabel = "emulator-duration";
    public const string CancelDelayLabel = "emulator-cancel-delay";
    public const string IgnoreCancelLabel = "emulator-ignore-cancel";

    /// <summary>
    /// The script for a job with these labels, whose durations may be at most
    /// <paramref name="longest"/>; throws <see cref="FormatException"/> naming a bad label.
    /// </summary>
    public static JobScript FromLabels(IReadOnlyDictionary<string, string> labels, LatencyProfile defaults, TimeSpan longest)
    {
        var outcome = labels.GetValueOrDefault(OutcomeLabel, "succeeded");
        if (outcome is not ("succeeded" or "failed"))
        {
            throw new FormatException($"Label '{OutcomeLabel}' must be 'succeeded' or 'failed', not '{Excerpt(outcome)}'.");
        }

        var code = Code.Internal;
        if (labels.TryGetValue(ErrorCodeLabel, out var codeText)
            && (!Enum.TryParse(codeText.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out code) || code == Code.Ok))
        {
            throw new FormatException($"Label '{ErrorCodeLabel}' must name a google.rpc.Code other than OK, such as 'internal' or 'resource_exhausted', not '{Excerpt(codeText)}'.");
        }

        var ignore = labels.GetValueOrDefault(IgnoreCancelLabel, "false");
        if (ignore is not ("true" or "false"))
        {
            throw new FormatException($"Label '{IgnoreCancelLabel}' must be 'true' or 'false', not '{Excerpt(ignore)}'.");
        }

        return new JobScript(
            Duration(labels, QueuedLabel, defaults.Queued, longest),
            Duration(labels, PendingLabel, defaults.Pending, longest),
            Duration(labels, DurationLabel, defaults.Running, longest),
            outcome == "failed",
            code,
            ignore == "true",
            Duration(labels, CancelDelayLabel, defaults.CancelDelay, longest));
    }

    /// <summary>Reads <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c> (label values allow no dots or capitals).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var unitStart = 0;
        while (unitStart < text.Length && char.IsAsciiDigit(text[unitStart]))
        {
            unitStart++;
        }

        if (unitStart == 0 || unitStart > 9 || !long.TryParse(text.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? parsed = text[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => amount <= TimeSpan.MaxValue.TotalHours ? TimeSpan.FromHours(amount) : null,
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }

    private static TimeSpan Duration(IReadOnlyDictionary<string, string> labels, string label, TimeSpan fallback, TimeSpan longest)
    {
        if (!labels.TryGetValue(label, out var text))
        {
            return fallback;
        }

        if (!TryParseDuration(text, out var duration))
        {
            throw new FormatException($"Label '{label}' must be a duration such as '500ms', '30s', '2m' or '1h', not '{Excerpt(text)}'.");
        }

        return duration <= longest
            ? duration
            : throw new FormatException($"Label '{label}' must be at most {(long)longest.TotalHours}h (Emulator:MaxScriptDuration), not '{Excerpt(text)}'.");
    }

    private static string Excerpt(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
