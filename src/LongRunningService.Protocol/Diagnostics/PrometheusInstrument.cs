using System.Collections.Concurrent;
using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// One instrument as a prometheus-net metric, named as OpenTelemetry names instruments
/// for Prometheus: dots to underscores, the unit as a suffix, <c>_total</c> on counters
/// (<c>longrunning.calls</c> is <c>longrunning_calls_total</c>). The metric is made on the
/// first measurement, whose tag keys become its label names; a later measurement with
/// other keys has no series to go to and is dropped.
/// </summary>
internal sealed class PrometheusInstrument(Instrument instrument, IMetricFactory factory)
{
    /// <summary>OpenTelemetry's default bucket bounds, for histograms that give no advice.</summary>
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly object _createLock = new();
    private Labelled? _metric;
    private bool _unusable;

    /// <summary>
    /// How to update the series of given label values and, in the order of its label names, the
    /// tag keys that give their values.
    /// </summary>
    private sealed record Labelled(Func<string[], Action<double>> SeriesOf, string[] Keys)
    {
        // Each series' update, bound once: finding a series in the library's registry costs more
        // than the measurement, and a series of up to four labels is found here without allocating.
        public ConcurrentDictionary<(string?, string?, string?, string?), Action<double>> Known { get; } = new();
    }

    /// <summary>Adds, sets or observes <paramref name="value"/>, as the instrument's kind says; never throws at the measuring code.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var metric = Volatile.Read(ref _metric) ?? (_unusable ? null : Create(tags));
        if (metric is null || metric.Keys.Length != tags.Length)
        {
            return;
        }

        var labels = ArrayPool<string>.Shared.Rent(tags.Length);
        try
        {
            if (TryReadLabels(metric.Keys, tags, labels))
            {
                UpdateOf(metric, labels, tags.Length)(value);
            }
        }
        catch (ArgumentException)
        {
            // A counter measured below zero: Prometheus counters only go up.
        }
        finally
        {
            ArrayPool<string>.Shared.Return(labels, clearArray: true);
        }
    }

    private static Action<double> UpdateOf(Labelled metric, string[] labels, int count)
    {
        if (count > 4)
        {
            return metric.SeriesOf(labels[..count]);
        }

        var key = (At(0), At(1), At(2), At(3));
        return metric.Known.TryGetValue(key, out var known) ? known : metric.Known.GetOrAdd(key, metric.SeriesOf(labels[..count]));

        string? At(int index) => index < count ? labels[index] : null;
    }

    private Labelled? Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_createLock)
        {
            if (_metric is not null || _unusable)
            {
                return _metric;
            }

            var keys = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                keys[i] = tags[i].Key;
            }

            var labelNames = keys.Select(PrometheusName).ToArray();
            Array.Sort(labelNames, keys, StringComparer.Ordinal);
            try
            {
                Volatile.Write(ref _metric, new Labelled(CreateMetric(labelNames), keys));
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // A name Prometheus refuses, or one this registry already holds with other labels.
                _unusable = true;
            }

            return _metric;
        }
    }

    private Func<string[], Action<double>> CreateMetric(string[] labelNames)
    {
        var help = instrument.Description ?? string.Empty;
        if (IsA(instrument, typeof(Histogram<>)))
        {
            var buckets = new HistogramConfiguration { LabelNames = labelNames, Buckets = AdvisedBuckets() ?? DefaultBuckets };
            var histogram = factory.CreateHistogram(MetricName(), help, buckets);
            return labels => histogram.WithLabels(labels).Observe;
        }

        // Synchronous counters report increments; observable instruments and gauges report the current value.
        var setsValue = instrument.IsObservable || IsA(instrument, typeof(Gauge<>));
        if (IsA(instrument, typeof(Counter<>)) || IsA(instrument, typeof(ObservableCounter<>)))
        {
            var counter = factory.CreateCounter(MetricName() + "_total", help, labelNames);
            return setsValue
                ? labels => counter.WithLabels(labels).IncTo
                : labels => counter.WithLabels(labels).Inc;
        }

        var gauge = factory.CreateGauge(MetricName(), help, labelNames);
        return setsValue
            ? labels => gauge.WithLabels(labels).Set
            : labels => gauge.WithLabels(labels).Inc;
    }

    private string MetricName()
    {
        var name = PrometheusName(instrument.Name);
        var unit = UnitSuffix(instrument.Unit);
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return name;
    }

    private static bool IsA(Instrument instrument, Type definition) =>
        instrument.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == definition;

    private double[]? AdvisedBuckets() => instrument switch
    {
        Instrument<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
        Instrument<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        Instrument<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        _ => null,
    };

    private static bool TryReadLabels(string[] keys, ReadOnlySpan<KeyValuePair<string, object?>> tags, string[] labels)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            var found = false;
            foreach (var (key, value) in tags)
            {
                if (string.Equals(key, keys[i], StringComparison.Ordinal))
                {
                    labels[i] = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A name Prometheus takes: every character but ASCII letters, digits and <c>_</c> becomes <c>_</c>.</summary>
    private static string PrometheusName(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '_';
            }
        });

    // Units in UCUM as OpenTelemetry writes them; annotations like {call} carry no suffix.
    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => string.Empty,
        _ => PrometheusName(unit),
    };
}
