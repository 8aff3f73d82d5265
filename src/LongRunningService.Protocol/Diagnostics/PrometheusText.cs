using System.Globalization;
using System.Text;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Prometheus' text exposition format, version 0.0.4: metric names from
/// OpenTelemetry instrument names (dots to underscores, the unit as a suffix,
/// <c>_total</c> on counters), escaped labels, and histograms as cumulative
/// <c>_bucket{le=…}</c> lines with <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = new StringBuilder(instrumentName.Length + 16);
        foreach (var c in instrumentName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.ToString().EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name.Append('_').Append(suffix);
        }

        if (kind is MetricKind.Counter or MetricKind.ObservedCounter)
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    /// <summary>Labels sorted by name, in Prometheus form, values escaped.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            AppendLabel(text, key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return text.ToString();
    }

    public static void Write(StringBuilder text, MetricStream stream)
    {
        var series = stream.Series.ToList();
        if (series.Count == 0)
        {
            return;
        }

        var type = stream.Kind switch
        {
            MetricKind.Counter or MetricKind.ObservedCounter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        text.Append("# HELP ").Append(stream.Name).Append(' ').Append(EscapeHelp(stream.Help)).Append('\n');
        text.Append("# TYPE ").Append(stream.Name).Append(' ').Append(type).Append('\n');
        foreach (var one in series)
        {
            var (sum, count, buckets) = one.Read();
            if (stream.Kind != MetricKind.Histogram)
            {
                AppendSample(text, stream.Name, one.Labels, null, sum);
                continue;
            }

            for (var i = 0; i < buckets.Length; i++)
            {
                AppendSample(text, stream.Name + "_bucket", one.Labels, Number(stream.Bounds[i]), buckets[i]);
            }

            AppendSample(text, stream.Name + "_bucket", one.Labels, "+Inf", count);
            AppendSample(text, stream.Name + "_sum", one.Labels, null, sum);
            AppendSample(text, stream.Name + "_count", one.Labels, null, count);
        }
    }

    private static void AppendSample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                if (labels.Length > 0)
                {
                    text.Append(',');
                }

                AppendLabel(text, "le", le);
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder text, string name, string value)
    {
        text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// A sample value or bound in plain decimal notation, to 12 significant digits: sums of
    /// durations carry the binary rounding of every addition (0.1 + 0.2 is 0.30000000000000004),
    /// which is noise to a reader and to Prometheus alike.
    /// </summary>
    internal static string Number(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        var rounded = value.ToString("G12", CultureInfo.InvariantCulture);
        return Math.Abs(value) < 1e15
            && decimal.TryParse(rounded, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)
            ? plain.ToString(CultureInfo.InvariantCulture)
            : rounded;
    }

    // Units in UCUM as OpenTelemetry writes them; annotations like {call} carry no suffix.
    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => string.Empty,
        _ => string.Concat(unit.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')),
    };
}
