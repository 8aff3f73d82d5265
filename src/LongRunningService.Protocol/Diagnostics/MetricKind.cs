namespace LongRunningService.Protocol.Diagnostics;

/// <summary>How an instrument's measurements aggregate, and the Prometheus type it is written as.</summary>
internal enum MetricKind
{
    /// <summary>Measurements add up; written as a <c>counter</c> with <c>_total</c>.</summary>
    Counter,

    /// <summary>Measurements add up and may go down; written as a <c>gauge</c>.</summary>
    UpDownCounter,

    /// <summary>Each observation replaces the last; written as a <c>gauge</c>.</summary>
    Gauge,

    /// <summary>Observations of a running total; written as a <c>counter</c> with <c>_total</c>.</summary>
    ObservedCounter,

    /// <summary>Measurements fall into buckets; written as <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
