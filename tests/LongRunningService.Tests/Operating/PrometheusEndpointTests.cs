using System.Globalization;
using System.Net;
using Google.LongRunning;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Operating;

/// <summary>GET /metrics as Prometheus scrapes it, parsed back from the text format.</summary>
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task Metrics_AfterCalls_ServesCountersHistogramsAndGaugesInTextFormat()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Operations:MaxOperations"] = "500" });
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);
        await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        await client.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = "operations/missing" });
        await client.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = "operations/missing" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("/metrics").DefaultTimeout();
        var scrape = Scrape.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        const string GetLabels = "method=\"/google.longrunning.Operations/GetOperation\",protocol=\"grpc\",status=\"NOT_FOUND\"";
        Assert.Equal("counter", scrape.Types["longrunning_calls_total"]);
        Assert.Equal(2, scrape.Samples[$"longrunning_calls_total{{{GetLabels}}}"]);
        Assert.Equal("histogram", scrape.Types["longrunning_call_duration_seconds"]);
        Assert.Equal(2, scrape.Samples[$"longrunning_call_duration_seconds_count{{{GetLabels}}}"]);
        Assert.Equal(2, scrape.Samples[$"longrunning_call_duration_seconds_bucket{{{GetLabels},le=\"+Inf\"}}"]);
        var buckets = CallMetricsObserver.DurationBuckets
            .Select(b => scrape.Samples[$"longrunning_call_duration_seconds_bucket{{{GetLabels},le=\"{b.ToString("R", CultureInfo.InvariantCulture)}\"}}"])
            .ToList();
        Assert.Equal(buckets.Order(), buckets);
        Assert.True(scrape.Samples.ContainsKey($"longrunning_call_duration_seconds_sum{{{GetLabels}}}"));
        Assert.Equal("gauge", scrape.Types["longrunning_operations"]);
        Assert.Equal(1, scrape.Samples["longrunning_operations{state=\"running\"}"]);
        Assert.Equal(0, scrape.Samples["longrunning_operations{state=\"succeeded\"}"]);
        Assert.Equal(1, scrape.Samples["longrunning_registry_size"]);
        Assert.Equal(500, scrape.Samples["longrunning_registry_capacity"]);
        Assert.Equal(0, scrape.Samples["longrunning_jobs{state=\"running\"}"]);
        Assert.All(scrape.Types.Keys, name => Assert.Contains(name, scrape.Helps));
    }

    [Fact]
    public async Task Metrics_OperationFinishes_MovesFromRunningToCancelled()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);
        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        await operations.CancelAsync(started.Name);
        await operations.WaitAsync(started.Name, TestTimeouts.Default);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var scrape = Scrape.Parse(await http.GetStringAsync("/metrics").DefaultTimeout());

        Assert.Equal(0, scrape.Samples["longrunning_operations{state=\"running\"}"]);
        Assert.Equal(1, scrape.Samples["longrunning_operations{state=\"cancelled\"}"]);
    }

    [Fact]
    public async Task Metrics_IncludeTheRuntimes_AllocatedBytesGrowingWithCalls()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        const string allocated = "dotnet_gc_heap_total_allocated_bytes_total";

        var before = Scrape.Parse(await http.GetStringAsync("/metrics").DefaultTimeout());
        await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        var after = Scrape.Parse(await http.GetStringAsync("/metrics").DefaultTimeout());

        Assert.Equal("counter", after.Types[allocated]);
        Assert.True(after.Samples[allocated] > before.Samples[allocated]);
        Assert.True(after.Samples["dotnet_process_memory_working_set_bytes"] > 0);
    }

    [Fact]
    public async Task MetricsPath_Configured_ServesThereInstead()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Telemetry:MetricsPath"] = "/internal/prom" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var moved = await http.GetAsync("/internal/prom").DefaultTimeout();
        using var old = await http.GetAsync("/metrics").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("# TYPE longrunning_registry_capacity gauge", await moved.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterCalls_HaveTwelveBucketsPerSeriesAndNoFloatNoise()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 25; i++)
        {
            await client.CallRawAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = $"operations/missing-{i % 3}" });
        }

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await http.GetAsync("/v1/operations/missing").DefaultTimeout();
        var text = await http.GetStringAsync("/metrics").DefaultTimeout();
        var samples = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();

        Assert.Equal(12, CallMetricsObserver.DurationBuckets.Count);
        var series = samples.Where(l => l.StartsWith("longrunning_call_duration_seconds_bucket{", StringComparison.Ordinal))
            .GroupBy(l => l[..l.IndexOf(",le=", StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(2, series.Count); // gRPC and REST NOT_FOUND
        Assert.All(series, one => Assert.Equal(CallMetricsObserver.DurationBuckets.Count + 1, one.Count()));
        Assert.All(samples, line =>
        {
            var value = line[(line.LastIndexOf(' ') + 1)..];
            Assert.DoesNotContain("E", value, StringComparison.OrdinalIgnoreCase);
            Assert.True(value.Count(char.IsAsciiDigit) <= 13, $"Float noise in '{line}'");
        });
        Assert.All(CallMetricsObserver.DurationBuckets, bound => Assert.Contains($"le=\"{PrometheusText.Number(bound)}\"", text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(9.439999999999999E-05, "0.0000944")]
    [InlineData(0.0005, "0.0005")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Number_IsPlainDecimalWithoutNoise(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Number(value));

    [Fact]
    public void Labels_WithQuotesBackslashesAndNewlines_AreEscaped()
    {
        KeyValuePair<string, object?>[] tags = [new("b", "say \"hi\"\n"), new("a", @"C:\dir")];

        var labels = PrometheusText.Labels(tags);

        Assert.Equal("a=\"C:\\\\dir\",b=\"say \\\"hi\\\"\\n\"", labels);
    }

    /// <summary>A scrape read back: sample lines by name and labels, and the HELP and TYPE lines.</summary>
    private sealed class Scrape
    {
        public Dictionary<string, double> Samples { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Helps { get; } = new(StringComparer.Ordinal);

        public static Scrape Parse(string text)
        {
            var scrape = new Scrape();
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ', 4);
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    scrape.Types.Add(parts[2], parts[3]);
                }
                else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                {
                    scrape.Helps.Add(parts[2]);
                }
                else
                {
                    var space = line.LastIndexOf(' ');
                    scrape.Samples.Add(line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
                }
            }

            return scrape;
        }
    }
}
