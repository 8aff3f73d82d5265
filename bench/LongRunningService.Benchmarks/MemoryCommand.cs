using System.Diagnostics;
using System.Globalization;
using LongRunning.Emulator.V1;

namespace LongRunningService.Benchmarks;

/// <summary>
/// How much managed heap the registry needs per finished operation. The
/// operations are added by the emulator's own BatchStartOperations handler with
/// an instant script, so they are exactly what a client's batch would leave:
/// unique names, one shared metadata and one shared response.
/// </summary>
internal static class MemoryCommand
{
    private const long Budget = 1L << 30;

    public static int Run(string[] args)
    {
        var count = CommandLine.GetInt(args, "--count", 1_000_000);
        using var fill = new BatchFill(TimeProvider.System, count);
        var registry = fill.Registry;

        var before = Heap.SettledBytes();
        var timer = Stopwatch.StartNew();
        var response = fill.Start(count, new OperationScript());
        timer.Stop();
        var after = Heap.SettledBytes();

        if (response.StartedCount != count || registry.Count != count)
        {
            Console.Error.WriteLine($"memory: expected {count} operations, the batch started {response.StartedCount} and the registry holds {registry.Count}");
            return 1;
        }

        // Touch both ends so nothing above was dead before the second measurement.
        if (registry.Get(response.FirstOperation) is null || registry.Get(response.LastOperation) is null)
        {
            Console.Error.WriteLine("memory: the first or last operation of the batch is missing");
            return 1;
        }

        var held = after - before;
        var perOperation = count == 0 ? 0 : (double)held / count;
        Write("operations", count);
        Write("fill_ms", timer.ElapsedMilliseconds);
        Write("heap_before_bytes", before);
        Write("heap_after_bytes", after);
        Write("held_bytes", held);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: bytes_per_operation={perOperation:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: heap_after_mib={after / 1048576.0:F1}"));
        Write("budget_bytes", Budget);
        Console.WriteLine($"memory: result={(after < Budget ? "PASS" : "FAIL")}");
        GC.KeepAlive(registry);
        GC.KeepAlive(fill);
        return 0;
    }

    private static void Write(string key, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: {key}={value}"));
}
