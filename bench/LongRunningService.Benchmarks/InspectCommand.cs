using Google.LongRunning;

namespace LongRunningService.Benchmarks;

/// <summary>
/// Decodes a response body saved by curl (one length-prefixed google.longrunning.Operation)
/// and prints <c>done=… result=… name=…</c>, so bench/run.sh can check an operation's state.
/// </summary>
internal static class InspectCommand
{
    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: inspect <response-file>");
            return 2;
        }

        if (BenchFrame.Unwrap(File.ReadAllBytes(args[0])) is not { } payload)
        {
            Console.Error.WriteLine($"inspect: {args[0]} is not one uncompressed gRPC message");
            return 1;
        }

        var operation = Operation.Parser.ParseFrom(payload);
        var result = operation.ResultCase switch
        {
            Operation.ResultOneofCase.Error => $"error:{operation.Error.Code}",
            Operation.ResultOneofCase.Response => "response",
            _ => "none",
        };
        Console.WriteLine($"done={(operation.Done ? "true" : "false")} result={result} name={operation.Name}");
        return 0;
    }
}
