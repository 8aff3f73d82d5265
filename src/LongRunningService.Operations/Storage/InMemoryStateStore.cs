using Google.LongRunning;

namespace LongRunningService.Operations.Storage;

/// <summary>
/// The default store: it keeps nothing, since memory is the working set
/// already. Every write succeeds at once and every conditional one answers
/// true (the registry's and the engine's memory, checked first, is the only
/// record, so it decides names taken and operations done); <see cref="Load"/>
/// finds nothing; sequences and IDs come from counters in memory, and page
/// tokens are signed with a key of this process. What the registry and the
/// engine hold, and the page tokens handed out, are lost when the process ends.
/// </summary>
internal sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _counters = new();
    private readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);
    private readonly byte[] _pageTokenKey = StoredState.NewPageTokenKey();
    private long _sequence;

    public string Kind => "memory";

    public string Setting => "Storage";

    public bool KeepsRecords => false;

    public StoredState Load() => new([], [], null, new Dictionary<string, long>(), _pageTokenKey);

    public long NextSequences(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Interlocked.Add(ref _sequence, count) - count + 1;
    }

    public long ReserveIds(string counter, long after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_counters)
        {
            var first = Math.Max(_lastIds.GetValueOrDefault(counter), after) + 1;
            _lastIds[counter] = first + count - 1;
            return first;
        }
    }

    public void InsertOperations(IReadOnlyList<StoredOperation> operations)
    {
    }

    public void PublishOperation(string name, Operation state)
    {
    }

    public bool CompleteOperation(string name, Operation final, DateTimeOffset completedAt) => true;

    public bool RequestOperationCancel(string name) => true;

    public void DeleteOperations(IReadOnlyCollection<string> names)
    {
    }

    public void InsertJob(StoredJob job)
    {
    }

    public bool UpdateJob(string name, StoredJobState state) => true;

    public void DeleteJobs(IReadOnlyCollection<string> names)
    {
    }

    public void SaveClock(StoredClock clock)
    {
    }

    public StoredOperation? ReadOperation(string name) => null;

    public StoredJob? ReadJob(string name) => null;

    public void Subscribe(IStateStoreListener listener)
    {
    }

    public void Dispose()
    {
    }
}
