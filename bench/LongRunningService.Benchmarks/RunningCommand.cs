using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Operations.Timing;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Benchmarks;

/// <summary>
/// What running operations cost: the managed heap held by N operations whose
/// one-hour scripts are running (started by the emulator's own
/// BatchStartOperations handler, on a paused emulator clock), then how long
/// one AdvanceClock takes to move past all their timers and finish them.
/// </summary>
internal static class RunningCommand
{
    public static int Run(string[] args)
    {
        var count = CommandLine.GetInt(args, "--count", 1_000_000);
        using var clock = new EmulatorClock(TimeProvider.System);
        clock.Pause();
        using var registry = new InMemoryOperationRegistry(
            Options.Create(new OperationRegistryOptions { MaxOperations = Math.Max(count, 1) + 100_000 }),
            clock);
        var runner = new ScriptedOperationRunner(clock, NullLogger<ScriptedOperationRunner>.Instance);
        var emulator = new OperationsEmulatorService(
            registry,
            runner,
            Options.Create(new OperationsEmulatorOptions { MaxBatchSize = Math.Max(count, 1) }));
        var script = new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)) };
        var request = new BatchStartOperationsRequest { Parent = BenchNames.Parent, Count = count, Script = script };
        var context = new StubCallContext("/longrunning.emulator.v1.OperationsEmulator/BatchStartOperations");

        var before = Heap.SettledBytes();
        var fill = Stopwatch.StartNew();
        emulator.BatchStartOperations(request, context).GetAwaiter().GetResult();
        fill.Stop();
        var after = Heap.SettledBytes();
        var running = registry.CountByState().Running;

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var advance = Stopwatch.StartNew();
        clock.Advance(TimeSpan.FromHours(1));
        advance.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var counts = registry.CountByState();

        if (running != count || counts.Running != 0 || counts.Succeeded != count)
        {
            Console.Error.WriteLine($"running: expected {count} running then {count} succeeded; saw {running} running, then {counts}");
            return 1;
        }

        var held = after - before;
        Write("operations", count);
        Write("fill_ms", fill.ElapsedMilliseconds);
        Write("held_bytes", held);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"running: bytes_per_operation={(count == 0 ? 0 : (double)held / count):F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"running: heap_after_mib={after / 1048576.0:F1}"));
        Write("advance_ms", advance.ElapsedMilliseconds);

        // On a shared machine the wall time above counts other work too; this is what the advance used.
        Write("advance_cpu_ms", (long)cpu.TotalMilliseconds);
        GC.KeepAlive(emulator);
        return 0;
    }

    private static void Write(string key, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"running: {key}={value}"));
}
