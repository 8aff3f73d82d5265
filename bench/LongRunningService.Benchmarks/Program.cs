using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LongRunningService.Benchmarks;

// Bench tooling for LongRunningService; bench/run.sh drives it.
//   memory [--count N]                        heap held by N finished operations (default 1,000,000)
//   running [--count N]                       heap held by N running operations, and one advance past all their timers
//   frames <dir> [--fill N] [--running N]     writes the gRPC request bodies the load runs post
//   jobs <host:port> [--jobs N] [--workers N] [--latency-samples N]
//                                             Vertex jobs created+cancelled per second, cancel latency
//   inspect <file>                            decodes a framed Operation response (done, name, result)
//   micro [BenchmarkDotNet arguments]         micro-benchmarks, e.g. micro --filter '*' --job short
var command = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Length > 0 ? args[1..] : [];
switch (command)
{
    case "memory":
        return MemoryCommand.Run(rest);
    case "running":
        return RunningCommand.Run(rest);
    case "frames":
        return FramesCommand.Run(rest);
    case "jobs":
        return JobsCommand.Run(rest);
    case "inspect":
        return InspectCommand.Run(rest);
    case "micro":
        // Reports go to bench/results/micro (git-ignored), wherever this is started from.
        var artifacts = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results", "micro");
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.GetFullPath(artifacts));
        // In process: a separate benchmark process would rebuild the server's projects from a copy, where
        // the protobuf code generator's outputs are not found.
        string[] arguments = rest.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? [.. rest] : ["--inProcess", .. rest];
        BenchmarkSwitcher.FromAssembly(typeof(MemoryCommand).Assembly).Run(arguments, config);
        return 0;
    default:
        Console.Error.WriteLine("usage: LongRunningService.Benchmarks memory [--count N]");
        Console.Error.WriteLine("       LongRunningService.Benchmarks running [--count N]");
        Console.Error.WriteLine("       LongRunningService.Benchmarks frames <dir> [--fill N] [--running N]");
        Console.Error.WriteLine("       LongRunningService.Benchmarks jobs <host:port> [--jobs N] [--workers N] [--latency-samples N]");
        Console.Error.WriteLine("       LongRunningService.Benchmarks inspect <response-file>");
        Console.Error.WriteLine("       LongRunningService.Benchmarks micro [BenchmarkDotNet arguments]");
        return 2;
}
