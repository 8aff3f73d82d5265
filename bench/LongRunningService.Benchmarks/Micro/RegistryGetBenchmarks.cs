using BenchmarkDotNet.Attributes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Benchmarks.Micro;

/// <summary>
/// Registry lookups among 1,000,000 finished operations, added by the emulator's
/// BatchStartOperations as a client's batch would be: one name (hot in cache),
/// names spread over the registry (mostly cache misses), and a missing name.
/// </summary>
[MemoryDiagnoser]
public class RegistryGetBenchmarks
{
    private const int Operations = 1_000_000;
    private InMemoryOperationRegistry _registry = null!;
    private string _hot = string.Empty;
    private string[] _spread = [];
    private string _missing = string.Empty;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var clock = TimeProvider.System;
        _registry = new InMemoryOperationRegistry(Options.Create(new OperationRegistryOptions { MaxOperations = 1_100_000 }), clock);
        var emulator = new OperationsEmulatorService(
            _registry,
            new ScriptedOperationRunner(clock, NullLogger<ScriptedOperationRunner>.Instance),
            Options.Create(new OperationsEmulatorOptions()));
        var response = emulator.BatchStartOperations(
            new BatchStartOperationsRequest { Parent = BenchNames.Parent, Count = Operations, Script = new OperationScript() },
            new StubCallContext("/longrunning.emulator.v1.OperationsEmulator/BatchStartOperations")).GetAwaiter().GetResult();

        // Fresh string instances, as a parsed request carries, so no lookup wins by reference equality.
        _hot = new string(response.LastOperation.AsSpan());
        var random = new Random(42);
        _spread = new string[4096];
        for (var i = 0; i < _spread.Length; i++)
        {
            _spread[i] = OperationNames.Combine(BenchNames.Parent, random.Next(1, Operations + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _missing = OperationNames.Combine(BenchNames.Parent, "no-such-operation");
    }

    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    [Benchmark(Baseline = true)]
    public object? GetHot() => _registry.Get(_hot);

    [Benchmark]
    public object? GetSpread() => _registry.Get(_spread[_next++ & (4096 - 1)]);

    [Benchmark]
    public object? GetMissing() => _registry.Get(_missing);
}
