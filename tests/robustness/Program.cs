using System.Diagnostics;
using System.Globalization;
using LongRunningService.Robustness;

// The robustness suite; tests/robustness/run.sh builds and starts the server and runs this.
//   Robustness --address http://127.0.0.1:PORT --protos DIR [--server-dll PATH] [--seed N] [--long] [--fuzz N] [--only SECTION]
//     [--second-address http://127.0.0.1:PORT2]   (a second server on the same database: the ledger's odd clients call it)
// Prints its seed and counts and ends with "robustness: N passed, M failed"; exit code 1 when any case failed.
var address = Option("--address") ?? "http://127.0.0.1:7470";
var protos = Option("--protos") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "protos");
var seed = Option("--seed") is { } seedText ? int.Parse(seedText, CultureInfo.InvariantCulture) : Random.Shared.Next();
var thorough = args.Contains("--long");
var fuzzCases = Option("--fuzz") is { } fuzzText ? int.Parse(fuzzText, CultureInfo.InvariantCulture) : thorough ? 50_000 : 6_000;

Console.WriteLine($"robustness: seed {seed} (replay with --seed {seed}), {(thorough ? "long" : "default")} run against {address}");
var tally = new Tally();
using var wire = new Wire(new Uri(address), TimeSpan.FromSeconds(15));
using var second = Option("--second-address") is { } secondAddress ? new Wire(new Uri(secondAddress), TimeSpan.FromSeconds(15)) : null;
var suite = new Suite(wire, tally, RpcCatalog.Load(protos), seed, thorough, Option("--server-dll")) { Second = second };
Console.WriteLine($"robustness: {suite.Rpcs.Count} unary RPCs from the protos, {suite.Rpcs.Count(r => r.RestPath is not null)} with a REST binding");

var sections = new (string Name, Func<Task> Run)[]
{
    ("ledger", () => Ledger.RunAsync(suite)),
    ("deep-json", () => DeepJsonCases.RunAsync(suite)),
    ("names", () => NameCases.RunAsync(suite)),
    ("durations", () => DurationCases.RunAsync(suite)),
    ("fuzz", () => FuzzCases.RunAsync(suite, fuzzCases)),
};
var only = Option("--only");
var total = Stopwatch.StartNew();
foreach (var (name, run) in sections.Where(s => only is null || s.Name == only))
{
    var (passed, failed) = (tally.Passed, tally.Failed);
    var watch = Stopwatch.StartNew();
    await run();
    Console.WriteLine($"robustness: {name}: {tally.Passed - passed + tally.Failed - failed} cases, {tally.Failed - failed} failed, {watch.Elapsed.TotalSeconds:F1} s");
}

await suite.HealthyAsync("end", "every section");
Console.WriteLine($"robustness: answers by status ({total.Elapsed.TotalSeconds:F1} s):");
foreach (var (label, count) in tally.Answers)
{
    Console.WriteLine($"  {label,-40} {count,7}");
}

Console.WriteLine($"robustness: seed {seed}");
Console.WriteLine($"robustness: {tally.Passed} passed, {tally.Failed} failed");
return tally.Failed == 0 ? 0 : 1;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
