using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Timing;

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
        using var batch = new BatchFill(clock, count);
        var registry = batch.Registry;
        var script = new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)) };

        var before = Heap.SettledBytes();
        var fill = Stopwatch.StartNew();
        batch.Start(count, script);
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
        GC.KeepAlive(batch);
        return 0;
    }

    private static void Write(string key, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"running: {key}={value}"));
}
