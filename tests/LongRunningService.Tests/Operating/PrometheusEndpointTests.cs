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
    public async Task Metrics_AfterCalls_HaveTwelveBucketsPerSeriesAndValuesThatReadBackExactly()
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
            // The shortest text that reads back as the same double, as Go and Prometheus write them.
            var value = line[(line.LastIndexOf(' ') + 1)..];
            Assert.Equal(value, double.Parse(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);
        });
        Assert.All(CallMetricsObserver.DurationBuckets, bound => Assert.Contains($"le=\"{bound.ToString(CultureInfo.InvariantCulture)}\"", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_Head_AnswersWithoutABody_AndNoAnswerIsCached()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics")).DefaultTimeout();
        using var get = await http.GetAsync("/metrics").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync().DefaultTimeout());
        Assert.True(head.Headers.CacheControl?.NoStore);
        Assert.True(get.Headers.CacheControl?.NoStore);
        Assert.Contains("# TYPE longrunning_registry_size gauge", await get.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_EveryNameAndLabelName_IsOnePrometheusAccepts_RuntimeTagsToo()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        await client.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = "operations/missing" });
        GC.Collect(0); // so the runtime has a collection count per generation to report
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var text = await http.GetStringAsync("/metrics").DefaultTimeout();
        var samples = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();

        Assert.All(samples, line => Assert.Matches(@"^[a-zA-Z_][a-zA-Z0-9_]*(\{[a-zA-Z_][a-zA-Z0-9_]*=""[^""]*""(,[a-zA-Z_][a-zA-Z0-9_]*=""[^""]*"")*\})? \S+$", line));
        Assert.Contains(samples, line => line.StartsWith("dotnet_gc_collections_total{gc_heap_generation=\"gen0\"} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_ScraperAskingForOpenMetrics_GetsOpenMetrics()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");

        using var response = await http.SendAsync(request).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE longrunning_registry_capacity gauge", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
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
