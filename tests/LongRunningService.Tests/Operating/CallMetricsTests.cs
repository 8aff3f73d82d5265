using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Google.LongRunning;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Operating;

/// <summary>The call counter and duration histogram, read as any MeterListener (dotnet-counters, OpenTelemetry) reads them.</summary>
public sealed class CallMetricsTests
{
    [Fact]
    public async Task GrpcCall_IsCountedAndTimedByProtocolMethodAndStatus()
    {
        await using var server = await TestServer.StartAsync();
        var meters = server.GetService<IMeterFactory>();
        var measured = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        var advised = new ConcurrentDictionary<string, IReadOnlyList<double>?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ServerMeter.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    advised[instrument.Name] = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => measured.Enqueue((i.Name, v, ToDictionary(t))));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => measured.Enqueue((i.Name, v, ToDictionary(t))));
        listener.Start();
        using var client = server.CreateClient();

        await client.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = "operations/missing" });

        var count = await WaitForAsync(measured, "longrunning.calls");
        var duration = await WaitForAsync(measured, "longrunning.call.duration");
        Assert.Equal(1, count.Value);
        foreach (var tags in new[] { count.Tags, duration.Tags })
        {
            Assert.Equal("grpc", tags["protocol"]);
            Assert.Equal("/google.longrunning.Operations/GetOperation", tags["method"]);
            Assert.Equal("NOT_FOUND", tags["status"]);
        }

        Assert.True(duration.Value >= 0);
        Assert.Equal(CallMetricsObserver.DurationBuckets, advised["longrunning.call.duration"]);
    }

    private static async Task<(string Instrument, double Value, Dictionary<string, object?> Tags)> WaitForAsync(
        ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> measured, string instrument)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            var found = measured.FirstOrDefault(m => m.Instrument == instrument);
            if (found.Instrument is not null)
            {
                return found;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
