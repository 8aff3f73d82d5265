namespace LongRunningService.Benchmarks;

/// <summary>The managed heap as the memory figures take it: after forced, compacting full collections.</summary>
internal static class Heap
{
    public static long SettledBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
