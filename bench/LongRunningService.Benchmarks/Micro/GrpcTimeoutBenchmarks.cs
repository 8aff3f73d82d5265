using BenchmarkDotNet.Attributes;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Benchmarks.Micro;

/// <summary>Parsing grpc-timeout values as clients send them.</summary>
[MemoryDiagnoser]
public class GrpcTimeoutBenchmarks
{
    [Params("100m", "30S", "99999999n")]
    public string Value { get; set; } = "100m";

    [Benchmark]
    public TimeSpan TryParse() => GrpcTimeout.TryParse(Value, out var timeout) ? timeout : TimeSpan.Zero;
}
