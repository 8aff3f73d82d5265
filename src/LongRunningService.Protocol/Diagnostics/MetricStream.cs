using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Everything one instrument has measured, series by series, under its Prometheus name.</summary>
internal sealed class MetricStream
{
    /// <summary>OpenTelemetry's default bucket bounds, for histograms that give no advice.</summary>
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    // The same series by the measurement's tags: most calls find theirs without writing label text.
    private readonly ConcurrentDictionary<MetricTags, MetricSeries> _byTags = new();

    public MetricStream(Instrument instrument)
    {
        Kind = KindOf(instrument);
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, Kind);
        Help = instrument.Description ?? string.Empty;
        Bounds = Kind == MetricKind.Histogram ? BoundsOf(instrument) : [];
        IsObservable = instrument.IsObservable;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public IReadOnlyList<double> Bounds { get; }

    /// <summary>True for instruments read by callback at scrape time.</summary>
    public bool IsObservable { get; }

    public IEnumerable<MetricSeries> Series => _series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal);

    public void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = SeriesOf(tags);
        switch (Kind)
        {
            case MetricKind.Histogram:
                series.Record(value, Bounds);
                break;
            case MetricKind.Gauge:
            case MetricKind.ObservedCounter:
                series.Set(value);
                break;
            default:
                series.Add(value);
                break;
        }
    }

    /// <summary>Forgets the last observations, so a label set no longer observed drops out.</summary>
    public void ClearObservations()
    {
        _byTags.Clear();
        _series.Clear();
    }

    private MetricSeries SeriesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (MetricTags.TryCreate(tags, out var key) && _byTags.TryGetValue(key, out var known))
        {
            return known;
        }

        var labels = PrometheusText.Labels(tags);
        var series = _series.GetOrAdd(labels, static (text, bucketCount) => new MetricSeries(text, bucketCount), Bounds.Count);
        if (MetricTags.TryCreate(tags, out key))
        {
            _byTags.TryAdd(key, series);
        }

        return series;
    }

    public void WriteTo(StringBuilder text) => PrometheusText.Write(text, this);

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (definition == typeof(Counter<>))
        {
            return MetricKind.Counter;
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return MetricKind.UpDownCounter;
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return MetricKind.ObservedCounter;
        }

        // Observable gauges and up-down counters, and synchronous gauges, report the current value.
        return definition == typeof(Histogram<>) ? MetricKind.Histogram : MetricKind.Gauge;
    }

    private static double[] BoundsOf(Instrument instrument) => instrument switch
    {
        Instrument<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
        Instrument<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        Instrument<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        _ => DefaultBuckets,
    };
}
