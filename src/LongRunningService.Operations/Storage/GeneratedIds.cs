namespace LongRunningService.Operations.Storage;

/// <summary>
/// Hands out generated numeric IDs of one counter, reserving them from the
/// store a block at a time, so a durable store writes once per block and IDs
/// are never handed out twice, even across restarts. A block left unused when
/// the process ends is skipped.
/// </summary>
internal sealed class GeneratedIds(IStateStore store, string counter, int block = 1000)
{
    private readonly Lock _lock = new();
    private long _last;
    private long _reservedTo;

    /// <summary>The next ID: greater than every one handed out or skipped past before.</summary>
    public long Next()
    {
        lock (_lock)
        {
            if (_last >= _reservedTo)
            {
                var first = store.ReserveIds(counter, _last, block);
                _last = first - 1;
                _reservedTo = first + block - 1;
            }

            return ++_last;
        }
    }

    /// <summary>Moves past <paramref name="taken"/>, an ID a client chose or a loaded name carries.</summary>
    public void SkipPast(long taken)
    {
        lock (_lock)
        {
            _last = Math.Max(_last, taken);
        }
    }
}
