namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// The running aggregate of one instrument for one set of labels: a sum (or a
/// last value, for gauges) and, for histograms, counts per bucket.
/// </summary>
internal sealed class MetricSeries(string labels, int bucketCount)
{
    private readonly object _lock = new();
    private readonly long[] _buckets = new long[bucketCount];
    private double _sum;
    private long _count;

    /// <summary>The labels in Prometheus form, e.g. <c>method="/a/B",status="OK"</c>; empty when none.</summary>
    public string Labels { get; } = labels;

    public void Add(double value)
    {
        lock (_lock)
        {
            _sum += value;
            _count++;
        }
    }

    public void Set(double value)
    {
        lock (_lock)
        {
            _sum = value;
            _count = 1;
        }
    }

    public void Record(double value, IReadOnlyList<double> bounds)
    {
        var bucket = 0;
        while (bucket < bounds.Count && value > bounds[bucket])
        {
            bucket++;
        }

        lock (_lock)
        {
            _sum += value;
            _count++;
            if (bucket < _buckets.Length)
            {
                _buckets[bucket]++;
            }
        }
    }

    /// <summary>A consistent copy: the sum, the count, and cumulative bucket counts (Prometheus' <c>le</c>).</summary>
    public (double Sum, long Count, long[] CumulativeBuckets) Read()
    {
        lock (_lock)
        {
            var cumulative = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                cumulative[i] = running;
            }

            return (_sum, _count, cumulative);
        }
    }
}
