using System.Diagnostics;
using System.Diagnostics.Metrics;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Counts calls and records their duration, by protocol, method and status.</summary>
internal sealed class CallMetricsObserver : ICallObserver
{
    /// <summary>
    /// Bucket bounds in seconds, twelve: from sub-millisecond in-memory calls to 10 s; longer calls
    /// (WaitOperation holds) fall in +Inf. Few, so a scrape stays short with many methods and statuses.
    /// </summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5, 10];

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public CallMetricsObserver(IMeterFactory meters)
    {
        var meter = meters.Create(ServerMeter.Name);
        _calls = meter.CreateCounter<long>("longrunning.calls", "{call}", "Calls that ended, by protocol, method and status.");
        _duration = meter.CreateHistogram(
            "longrunning.call.duration",
            "s",
            "How long calls took, from start to status.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void CallEnded(in CallRecord call)
    {
        var tags = new TagList
        {
            { "protocol", call.Protocol },
            { "method", call.MethodFound ? call.Method : "unknown" },
            { "status", HttpStatusMapping.ToStatusName(call.Status) },
        };
        _calls.Add(1, tags);
        _duration.Record(call.Duration.TotalSeconds, tags);
    }
}
