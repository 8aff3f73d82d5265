using System.Diagnostics.Metrics;
using Prometheus;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// This server's prometheus-net registry, fed by a <see cref="MeterListener"/> from this
/// server's <see cref="ServerMeter"/> instruments (those its own <see cref="IMeterFactory"/>
/// made, so servers sharing a process stay apart) and from the .NET runtime's (memory,
/// garbage collection, thread pool: one set per process). Observable instruments are
/// read when the registry is collected.
/// </summary>
internal sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The meter the .NET runtime reports itself on.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly MeterListener _listener;

    public PrometheusMetricsCollector(IMeterFactory meters)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if ((instrument.Meter.Name == ServerMeter.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                    || instrument.Meter.Name == RuntimeMeterName)
                {
                    listener.EnableMeasurementEvents(instrument, new PrometheusInstrument(instrument, factory));
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.Start();
        Registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    /// <summary>What <c>/metrics</c> serves; only this server's instruments and the runtime's.</summary>
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Dispose() => _listener.Dispose();
}
