using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.LongRunning;
using Google.Protobuf;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Benchmarks.Micro;

/// <summary>Unframing one small request (a GetOperationRequest), whole in one segment, as most unary calls arrive.</summary>
[MemoryDiagnoser]
public class GrpcFrameBenchmarks
{
    private ReadOnlySequence<byte> _frame;

    [GlobalSetup]
    public void Setup()
    {
        var message = new GetOperationRequest { Name = BenchNames.GetName }.ToByteArray();
        var bytes = new byte[GrpcFrame.HeaderSize + message.Length];
        GrpcFrame.WriteHeader(bytes, message.Length);
        message.CopyTo(bytes, GrpcFrame.HeaderSize);
        _frame = new ReadOnlySequence<byte>(bytes);
    }

    [Benchmark]
    public long TryRead()
    {
        var buffer = _frame;
        return GrpcFrame.TryRead(ref buffer, 4 * 1024 * 1024, out _, out var payload) ? payload.Length : -1;
    }
}
