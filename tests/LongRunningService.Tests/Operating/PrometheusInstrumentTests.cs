using System.Diagnostics.Metrics;
using System.Text;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Tests.Operating;

/// <summary>Instruments carried into the Prometheus registry: what it cannot hold is dropped, never thrown at the code that measured.</summary>
public sealed class PrometheusInstrumentTests
{
    [Fact]
    public async Task MeasurementsTheRegistryCannotHold_AreDropped_AndTheSeriesKeepsCounting()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusMetricsCollector(meters);
        var counter = meters.Create(ServerMeter.Name).CreateCounter<long>("test.things", "{thing}", "Things.");
        KeyValuePair<string, object?> kind = new("kind.of", "a");

        counter.Add(2, kind);
        counter.Add(-1, kind); // Prometheus counters only go up
        counter.Add(5, new KeyValuePair<string, object?>("other", "b")); // not the labels the series has
        counter.Add(7, kind, new KeyValuePair<string, object?>("second", "x"));
        counter.Add(3, kind);

        using var scrape = new MemoryStream();
        await collector.Registry.CollectAndExportAsTextAsync(scrape).DefaultTimeout();
        var lines = Encoding.UTF8.GetString(scrape.ToArray()).Split('\n');
        Assert.Contains("# TYPE test_things_total counter", lines);
        Assert.Equal("test_things_total{kind_of=\"a\"} 5", Assert.Single(lines, line => line.StartsWith("test_things", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InstrumentsOfAnotherMeterFactory_AreNotCollected()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var others = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var collector = new PrometheusMetricsCollector(services.GetRequiredService<IMeterFactory>());
        var theirs = others.GetRequiredService<IMeterFactory>().Create(ServerMeter.Name).CreateCounter<long>("test.theirs");

        theirs.Add(1);

        using var scrape = new MemoryStream();
        await collector.Registry.CollectAndExportAsTextAsync(scrape).DefaultTimeout();
        var text = Encoding.UTF8.GetString(scrape.ToArray());
        Assert.DoesNotContain("test_theirs", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", text, StringComparison.Ordinal);
    }
}
