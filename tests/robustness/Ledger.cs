using System.Collections.Concurrent;
using System.Text.Json;

namespace LongRunningService.Robustness;

/// <summary>
/// The concurrency ledger: 64 clients at once create, cancel, wait on and
/// delete operations (over gRPC) and pipeline jobs (over REST). Afterwards
/// each one is done with a result, done with code 1 (cancelled), or deleted;
/// and none finished twice: once a read saw it done, every later read sees
/// the same final state. With a second server on the same database, the odd
/// clients call that one, and the first server settles everyone's work.
/// </summary>
internal static class Ledger
{
    private const string Section = "ledger";
    private const int Clients = 64;

    public static async Task RunAsync(Suite suite)
    {
        var rounds = suite.Thorough ? 60 : 16;
        var operations = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        var jobs = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(() => ClientAsync(suite, client, rounds, operations, jobs))));
        if (suite.Second is { } second)
        {
            await CaughtUpAsync(suite, second);
        }

        foreach (var (name, entry) in operations)
        {
            await SettleOperationAsync(suite, name, entry);
        }

        foreach (var (name, entry) in jobs)
        {
            await SettleJobAsync(suite, name, entry);
        }

        Console.WriteLine($"ledger: {Clients} clients{(suite.Second is null ? "" : " on two servers")}, {operations.Count} operations, {jobs.Count} pipeline jobs");
        await suite.HealthyAsync(Section, "the ledger");
    }

    private static async Task ClientAsync(Suite suite, int client, int rounds, ConcurrentDictionary<string, Entry> operations, ConcurrentDictionary<string, Entry> jobs)
    {
        var random = new Random(suite.Seed + client + 1);
        var parent = $"projects/ledger/locations/l{client}";
        var mine = new List<string>();
        var myJobs = new List<string>();
        var wire = client % 2 == 1 && suite.Second is { } other ? other : suite.Wire;
        for (var round = 0; round < rounds; round++)
        {
            switch (random.Next(8))
            {
                case 0 or 1:
                    var script = Proto.New().Msg(1, Proto.Duration(0, random.Next(0, 300) * 1_000_000)).Int(2, random.Next(0, 4))
                        .Bool(5, random.Next(10) == 0).Msg(6, Proto.Duration(0, random.Next(0, 50) * 1_000_000));
                    var started = await wire.GrpcAsync(suite.Find("StartOperation").GrpcPath, Proto.New().Str(1, parent).Msg(3, script).ToArray());
                    if (suite.Tally.Expect(Section, "StartOperation", started) && started.Ok && Operation.Read(started.Body) is { } created)
                    {
                        operations[created.Name] = new Entry();
                        mine.Add(created.Name);
                    }

                    break;
                case 2 when mine.Count > 0:
                    var cancel = suite.Find("CancelOperation");
                    suite.Tally.Expect(Section, "CancelOperation", await wire.GrpcAsync(cancel.GrpcPath, Proto.New().Str(1, mine[random.Next(mine.Count)]).ToArray()));
                    break;
                case 3 when mine.Count > 0:
                    var waitOn = mine[random.Next(mine.Count)];
                    var waited = await wire.GrpcAsync(suite.Find("WaitOperation").GrpcPath, Proto.New().Str(1, waitOn).Msg(2, Proto.Duration(0, 200_000_000)).ToArray());
                    if (suite.Tally.Expect(Section, "WaitOperation", waited) && waited.Ok)
                    {
                        Observe(suite, operations[waitOn], waitOn, Operation.Read(waited.Body));
                    }

                    break;
                case 4 when mine.Count > 0 && random.Next(3) == 0:
                    var doomed = mine[random.Next(mine.Count)];
                    var deleted = await wire.RestAsync(HttpMethod.Delete, "/v1/" + doomed);
                    if (suite.Tally.Expect(Section, "REST DeleteOperation", deleted) && deleted.Ok)
                    {
                        operations[doomed].Deleted = true;
                        mine.Remove(doomed);
                    }

                    break;
                case 5:
                    var body = $"{{\"displayName\":\"ledger\",\"labels\":{{\"emulator-queued\":\"{random.Next(0, 30)}ms\",\"emulator-pending\":\"{random.Next(0, 30)}ms\",\"emulator-duration\":\"{random.Next(0, 200)}ms\"}}}}";
                    var job = await wire.RestAsync(HttpMethod.Post, $"/v1/{parent}/pipelineJobs", body);
                    if (suite.Tally.Expect(Section, "REST CreatePipelineJob", job) && job.Ok)
                    {
                        using var document = JsonDocument.Parse(job.Body);
                        var name = document.RootElement.GetProperty("name").GetString()!;
                        jobs[name] = new Entry();
                        myJobs.Add(name);
                    }

                    break;
                case 6 when myJobs.Count > 0:
                    suite.Tally.Expect(Section, "REST CancelPipelineJob", await wire.RestAsync(HttpMethod.Post, $"/v1/{myJobs[random.Next(myJobs.Count)]}:cancel", "{}"));
                    break;
                case 7 when myJobs.Count > 0:
                    var target = myJobs[random.Next(myJobs.Count)];
                    var deletion = await wire.RestAsync(HttpMethod.Delete, "/v1/" + target);
                    if (suite.Tally.Expect(Section, "REST DeletePipelineJob", deletion) && deletion.Ok)
                    {
                        using var document = JsonDocument.Parse(deletion.Body);
                        jobs[target].Deletion = document.RootElement.GetProperty("name").GetString();
                        myJobs.Remove(target);
                    }

                    break;
            }
        }
    }

    // The first server has heard every change the second made once it no longer finds an operation
    // it held and the second deleted after them all.
    private static async Task CaughtUpAsync(Suite suite, Wire second)
    {
        var script = Proto.New().Msg(1, Proto.Duration(600));
        var started = await second.GrpcAsync(suite.Find("StartOperation").GrpcPath, Proto.New().Str(1, "projects/ledger/locations/marker").Msg(3, script).ToArray());
        if (!suite.Tally.Check(Section, "marker created on the second server", started.Ok && Operation.Read(started.Body) is not null, $"answered {started.Label}: {started.Message}"))
        {
            return;
        }

        var marker = Operation.Read(started.Body)!.Name;
        var get = suite.Find("GetOperation").GrpcPath;
        var held = await suite.Wire.GrpcAsync(get, Proto.New().Str(1, marker).ToArray());
        var deleted = await second.RestAsync(HttpMethod.Delete, "/v1/" + marker);
        if (!suite.Tally.Check(Section, "marker read on the first server and deleted on the second", held.Ok && deleted.Ok, $"read {held.Label}, delete {deleted.Label}"))
        {
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = await suite.Wire.GrpcAsync(get, Proto.New().Str(1, marker).ToArray());
        while (seen.GrpcStatus != 5 && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            seen = await suite.Wire.GrpcAsync(get, Proto.New().Str(1, marker).ToArray());
        }

        Console.WriteLine($"ledger: the first server heard the second's last change after {watch.ElapsedMilliseconds} ms");
        suite.Tally.Check(Section, "the first server hears the second's changes", seen.GrpcStatus == 5, $"the marker deleted on the second server still answered {seen.Label} on the first after 5 s");
    }

    private static async Task SettleOperationAsync(Suite suite, string name, Entry entry)
    {
        var wait = suite.Find("WaitOperation");
        var answer = await suite.Wire.GrpcAsync(wait.GrpcPath, Proto.New().Str(1, name).Msg(2, Proto.Duration(5)).ToArray(), "8S");
        if (entry.Deleted)
        {
            suite.Tally.Check(Section, $"deleted {name}", answer.GrpcStatus == 5, $"answered {answer.Label} after it was deleted");
            return;
        }

        if (!suite.Tally.Expect(Section, $"WaitOperation {name}", answer) || !suite.Tally.Check(Section, $"read {name}", answer.Ok, $"answered {answer.Label}: {answer.Message}"))
        {
            return;
        }

        var final = Operation.Read(answer.Body);
        Observe(suite, entry, name, final);
        suite.Tally.Check(
            Section,
            $"{name} is done with a result or cancelled",
            final is { Done: true } && (final.HasResponse || final.ErrorCode == 1),
            final is null ? "unreadable answer" : $"done={final.Done}, error code {final.ErrorCode}, response {final.HasResponse}");
    }

    private static async Task SettleJobAsync(Suite suite, string name, Entry entry)
    {
        if (entry.Deletion is { } deletion)
        {
            var done = await suite.Wire.GrpcAsync(suite.Find("WaitOperation").GrpcPath, Proto.New().Str(1, deletion).Msg(2, Proto.Duration(5)).ToArray(), "8S");
            var gone = await suite.Wire.RestAsync(HttpMethod.Get, "/v1/" + name);
            suite.Tally.Check(Section, $"deleted {name}", Operation.Read(done.Body) is { Done: true } && gone.GrpcStatus == 5, $"deletion {done.Label}, then Get answered {gone.Label}");
            return;
        }

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var read = await suite.Wire.RestAsync(HttpMethod.Get, "/v1/" + name);
            if (!suite.Tally.Expect(Section, $"GetPipelineJob {name}", read) || !read.Ok)
            {
                suite.Tally.Fail(Section, name, $"answered {read.Label}: {read.Message}");
                return;
            }

            using var document = JsonDocument.Parse(read.Body);
            var state = document.RootElement.GetProperty("state").GetString();
            var code = document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
            if (state is "PIPELINE_STATE_SUCCEEDED" or "PIPELINE_STATE_CANCELLED" or "PIPELINE_STATE_FAILED")
            {
                var endTime = document.RootElement.TryGetProperty("endTime", out var end) ? end.GetString() : null;
                suite.Tally.Check(
                    Section,
                    $"{name} succeeded or was cancelled",
                    state == "PIPELINE_STATE_SUCCEEDED" ? code == 0 : state == "PIPELINE_STATE_CANCELLED" && code == 1,
                    $"state {state}, error code {code}");
                var again = await suite.Wire.RestAsync(HttpMethod.Get, "/v1/" + name);
                using var second = JsonDocument.Parse(again.Body);
                suite.Tally.Check(
                    Section,
                    $"{name} finished once",
                    second.RootElement.GetProperty("state").GetString() == state && (second.RootElement.TryGetProperty("endTime", out var e2) ? e2.GetString() : null) == endTime,
                    "a second read shows another ending");
                return;
            }

            await Task.Delay(50);
        }

        suite.Tally.Fail(Section, name, "never ended");
    }

    // The first done state seen is the final one: any later read must show the same.
    private static void Observe(Suite suite, Entry entry, string name, Operation? seen)
    {
        if (seen is not { Done: true })
        {
            return;
        }

        lock (entry)
        {
            if (entry.Final is null)
            {
                entry.Final = seen.Bytes;
                return;
            }
        }

        suite.Tally.Check(Section, $"{name} finished once", entry.Final.AsSpan().SequenceEqual(seen.Bytes), "two reads show different final states");
    }

    private sealed class Entry
    {
        public bool Deleted { get; set; }

        public string? Deletion { get; set; }

        public byte[]? Final { get; set; }
    }

    /// <summary>The google.longrunning.Operation fields the ledger checks: name = 1, done = 3, error = 4 (code = 1), response = 5.</summary>
    private sealed record Operation(string Name, bool Done, int ErrorCode, bool HasResponse, byte[] Bytes)
    {
        public static Operation? Read(byte[] bytes)
        {
            if (ProtoReader.Fields(bytes) is not { } fields || ProtoReader.String(fields, 1) is not { } name)
            {
                return null;
            }

            var error = ProtoReader.Message(fields, 4) is { } status && ProtoReader.Fields(status) is { } statusFields
                ? (int)ProtoReader.Number(statusFields, 1)
                : 0;
            return new Operation(name, ProtoReader.Number(fields, 3) == 1, error, ProtoReader.Message(fields, 5) is not null, bytes);
        }
    }
}
