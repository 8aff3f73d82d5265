using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Listens to this server's <see cref="ServerMeter"/> instruments (those its own
/// <see cref="IMeterFactory"/> made, so servers sharing a process stay apart) and to
/// the .NET runtime's (memory, garbage collection, thread pool: one set per process),
/// aggregates what they measure, and renders it as Prometheus text on demand.
/// </summary>
internal sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The meter the .NET runtime reports itself on.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly ConcurrentDictionary<Instrument, MetricStream> _streams = new();
    private readonly MeterListener _listener;
    private readonly object _scrapeLock = new();

    public PrometheusMetricsCollector(IMeterFactory meters)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if ((instrument.Meter.Name == ServerMeter.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                    || instrument.Meter.Name == RuntimeMeterName)
                {
                    _streams.TryAdd(instrument, new MetricStream(instrument));
                    listener.EnableMeasurementEvents(instrument, this);
                }
            },
            MeasurementsCompleted = (instrument, _) => _streams.TryRemove(instrument, out MetricStream? _),
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((PrometheusMetricsCollector)state!).Measure(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => ((PrometheusMetricsCollector)state!).Measure(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((PrometheusMetricsCollector)state!).Measure(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments, then writes every series in the text format.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            foreach (var stream in _streams.Values.Where(s => s.IsObservable))
            {
                stream.ClearObservations();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var stream in _streams.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                stream.WriteTo(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Measure(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_streams.TryGetValue(instrument, out var stream))
        {
            stream.Measure(value, tags);
        }
    }
}
