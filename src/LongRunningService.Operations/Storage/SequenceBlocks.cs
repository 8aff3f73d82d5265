namespace LongRunningService.Operations.Storage;

/// <summary>
/// Positions of the order of creation handed out of blocks reserved from a
/// store, so that most creations reserve nothing: a block is reserved only
/// when the one held runs out, and a request bigger than a block reserves
/// exactly what it needs. Positions left in a block when the process ends are
/// never used, which leaves gaps in the order and nothing else.
/// </summary>
internal sealed class SequenceBlocks(int blockSize)
{
    private readonly Lock _lock = new();
    private long _last;
    private long _reservedTo;

    /// <summary>
    /// The first of <paramref name="count"/> consecutive positions.
    /// <paramref name="reserve"/> takes the last position handed out and a size,
    /// and returns the first of that many positions it reserved after it.
    /// </summary>
    public long Take(int count, Func<long, int, long> reserve)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            if (_reservedTo - _last < count)
            {
                var size = Math.Max(count, blockSize);
                var first = reserve(_last, size);
                _last = first - 1;
                _reservedTo = first + size - 1;
            }

            var next = _last + 1;
            _last += count;
            return next;
        }
    }
}
