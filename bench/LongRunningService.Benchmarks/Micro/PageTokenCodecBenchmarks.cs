using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using LongRunningService.Services.Paging;

namespace LongRunningService.Benchmarks.Micro;

/// <summary>Page tokens as ListOperations issues and checks them, scope included.</summary>
[MemoryDiagnoser]
public class PageTokenCodecBenchmarks
{
    private const string Scope = BenchNames.Parent + "\ndone = true";
    private readonly PageTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));
    private string _token = string.Empty;

    [GlobalSetup]
    public void Setup() => _token = _codec.Encode(123_456, Scope);

    [Benchmark]
    public string Encode() => _codec.Encode(123_456, Scope);

    [Benchmark]
    public long Decode() => _codec.Decode(_token, Scope);
}
