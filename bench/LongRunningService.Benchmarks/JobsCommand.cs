using System.Diagnostics;
using System.Globalization;
using Google.Cloud.AIPlatform.V1;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Benchmarks;

/// <summary>
/// The Vertex job figures, against a running server over gRPC:
/// <list type="number">
/// <item>throughput: pipeline jobs created and cancelled per second, by
/// <c>--workers</c> concurrent loops of CreatePipelineJob then CancelPipelineJob;</item>
/// <item>cancel latency: one loop at a time, the time from CancelPipelineJob
/// returning to GetPipelineJob first reading PIPELINE_STATE_CANCELLED, polled
/// back to back (so it includes one GetPipelineJob round trip at least); with
/// <c>--read-from host:port</c>, GetPipelineJob asks that other server on the same
/// database, so the time includes the change reaching it.</item>
/// </list>
/// The server's default script is used (no cancel delay); prints one
/// <c>key=value</c> line per figure for bench/run.sh.
/// </summary>
internal static class JobsCommand
{
    private const string Pipelines = "/google.cloud.aiplatform.v1.PipelineService/";

    public static int Run(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: jobs <host:port> [--jobs N] [--workers N] [--latency-samples N] [--read-from host:port]");
            return 2;
        }

        var jobs = CommandLine.GetInt(args, "--jobs", 20_000);
        var workers = CommandLine.GetInt(args, "--workers", 32);
        var samples = CommandLine.GetInt(args, "--latency-samples", 1_000);
        using var client = new UnaryGrpcClient(args[0]);
        var readFrom = Array.IndexOf(args, "--read-from") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        using var reader = readFrom is null ? null : new UnaryGrpcClient(readFrom);
        var project = $"projects/bench-jobs-{Environment.ProcessId}/locations/us-central1";

        // Warm both paths before measuring.
        ThroughputAsync(client, project, 500, workers).GetAwaiter().GetResult();
        CancelLatencyAsync(client, reader ?? client, project, 100).GetAwaiter().GetResult();

        var elapsed = ThroughputAsync(client, project, jobs, workers).GetAwaiter().GetResult();
        var latencies = CancelLatencyAsync(client, reader ?? client, project, samples).GetAwaiter().GetResult();
        latencies.Sort();

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"jobs_created_and_cancelled={jobs}"));
        Console.WriteLine(string.Create(inv, $"jobs_workers={workers}"));
        Console.WriteLine(string.Create(inv, $"jobs_per_second={jobs / elapsed.TotalSeconds:F0}"));
        Console.WriteLine(string.Create(inv, $"cancel_samples={latencies.Count}"));
        Console.WriteLine(string.Create(inv, $"cancel_to_cancelled_p50_ms={Percentile(latencies, 0.50):F3}"));
        Console.WriteLine(string.Create(inv, $"cancel_to_cancelled_p90_ms={Percentile(latencies, 0.90):F3}"));
        Console.WriteLine(string.Create(inv, $"cancel_to_cancelled_p99_ms={Percentile(latencies, 0.99):F3}"));
        Console.WriteLine(string.Create(inv, $"cancel_to_cancelled_max_ms={latencies[^1]:F3}"));
        return 0;
    }

    private static async Task<TimeSpan> ThroughputAsync(UnaryGrpcClient client, string parent, int jobs, int workers)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < jobs)
            {
                var job = await CreateAsync(client, parent);
                await client.CallAsync(Pipelines + "CancelPipelineJob", new CancelPipelineJobRequest { Name = job.Name }, Empty.Parser);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<List<double>> CancelLatencyAsync(UnaryGrpcClient client, UnaryGrpcClient reader, string parent, int samples)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var job = await CreateAsync(client, parent);
            await client.CallAsync(Pipelines + "CancelPipelineJob", new CancelPipelineJobRequest { Name = job.Name }, Empty.Parser);
            var cancelled = Stopwatch.GetTimestamp();
            while (true)
            {
                var seen = await reader.CallAsync(Pipelines + "GetPipelineJob", new GetPipelineJobRequest { Name = job.Name }, PipelineJob.Parser);
                if (seen.State == PipelineState.Cancelled)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(cancelled).TotalMilliseconds);
                    break;
                }

                if (seen.State is not (PipelineState.Cancelling or PipelineState.Queued or PipelineState.Pending or PipelineState.Running))
                {
                    throw new InvalidOperationException($"{job.Name} ended {seen.State}, not PIPELINE_STATE_CANCELLED.");
                }
            }
        }

        return latencies;
    }

    private static Task<PipelineJob> CreateAsync(UnaryGrpcClient client, string parent) =>
        client.CallAsync(
            Pipelines + "CreatePipelineJob",
            new CreatePipelineJobRequest { Parent = parent, PipelineJob = new PipelineJob { DisplayName = "bench" } },
            PipelineJob.Parser);

    private static double Percentile(List<double> sorted, double share) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
