using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Benchmarks;

/// <summary>
/// Writes request bodies (one length-prefixed gRPC message each) for h2load
/// and curl to post:
/// <list type="bullet">
/// <item>start-done.bin: StartOperation of the finished operation GetOperation reads</item>
/// <item>start.bin: StartOperation of the running operation CancelOperation hits (1 h, ignores cancellation, so it stays running)</item>
/// <item>batch.bin: BatchStartOperations of --fill finished operations, so lookups happen in a full registry</item>
/// <item>batch-running.bin: BatchStartOperations of --running running operations (1 h)</item>
/// <item>get.bin, cancel.bin, create.bin: the measured requests (create.bin: StartOperation with a generated ID and an empty script)</item>
/// <item>get-cancel.bin: GetOperation of the cancel target, to check it is still running afterwards</item>
/// </list>
/// </summary>
internal static class FramesCommand
{
    public static int Run(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: frames <dir> [--fill N] [--running N]");
            return 2;
        }

        var directory = Directory.CreateDirectory(args[0]).FullName;
        var fill = CommandLine.GetInt(args, "--fill", 100_000);
        var running = CommandLine.GetInt(args, "--running", 1_000);
        var hour = Duration.FromTimeSpan(TimeSpan.FromHours(1));

        Write(directory, "get.bin", new GetOperationRequest { Name = BenchNames.GetName });
        Write(directory, "cancel.bin", new CancelOperationRequest { Name = BenchNames.CancelName });
        Write(directory, "get-cancel.bin", new GetOperationRequest { Name = BenchNames.CancelName });
        Write(directory, "create.bin", new StartOperationRequest { Parent = BenchNames.Parent, Script = new OperationScript() });
        Write(directory, "start-done.bin", new StartOperationRequest
        {
            Parent = BenchNames.Parent,
            OperationId = BenchNames.GetId,
            Script = new OperationScript(),
        });
        Write(directory, "start.bin", new StartOperationRequest
        {
            Parent = BenchNames.Parent,
            OperationId = BenchNames.CancelId,
            Script = new OperationScript { Duration = hour, IgnoreCancellation = true },
        });
        Write(directory, "batch.bin", new BatchStartOperationsRequest
        {
            Parent = BenchNames.Parent,
            Count = fill,
            Script = new OperationScript(),
        });
        Write(directory, "batch-running.bin", new BatchStartOperationsRequest
        {
            Parent = BenchNames.Parent,
            Count = running,
            Script = new OperationScript { Duration = hour },
        });
        return 0;
    }

    private static void Write(string directory, string file, IMessage message)
    {
        var frame = BenchFrame.Wrap(message.ToByteArray());
        var path = Path.Combine(directory, file);
        File.WriteAllBytes(path, frame);
        Console.WriteLine($"frames: {path} ({frame.Length} bytes)");
    }
}
