using System.Buffers;
using Google.LongRunning;
using LongRunningService.Protocol.Grpc;

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

        var buffer = new ReadOnlySequence<byte>(File.ReadAllBytes(args[0]));
        if (!GrpcFrame.TryRead(ref buffer, maxMessageSize: null, out var compressed, out var payload) || compressed || !buffer.IsEmpty)
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
