using System.Collections.Concurrent;
using System.Globalization;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// The registry in memory. Lookups by name are lock-free; adding, removing,
/// listing and completing take one short lock. Finished operations are kept in
/// completion order, so the oldest goes first when retention passes or room
/// is needed.
/// </summary>
internal sealed class InMemoryOperationRegistry : IOperationRegistry, IDisposable
{
    private static readonly IComparer<TrackedOperation> BySequence =
        Comparer<TrackedOperation>.Create(static (a, b) => a.Sequence.CompareTo(b.Sequence));

    private readonly ConcurrentDictionary<string, TrackedOperation> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<TrackedOperation>> _byParent = new(StringComparer.Ordinal);
    private readonly LinkedList<TrackedOperation> _finished = new();
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly OperationRegistryOptions _options;
    private readonly ITimer _sweeper;
    private readonly ILogger _logger;
    private readonly int[] _finishedByOutcome = new int[3];
    private long _sequence;
    private long _lastId;

    public InMemoryOperationRegistry(IOptions<OperationRegistryOptions> options, TimeProvider clock, ILogger<InMemoryOperationRegistry>? logger = null)
    {
        _logger = logger ?? NullLogger<InMemoryOperationRegistry>.Instance;
        _options = options.Value;
        _clock = clock;
        var period = TimeSpan.FromTicks(Math.Clamp(_options.Retention.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        TimerCallback sweep = static state => ((InMemoryOperationRegistry)state!).SweepExpired();
        _sweeper = clock is Timing.EmulatorClock emulator
            ? emulator.CreateBackgroundTimer(sweep, this, period, period)
            : clock.CreateTimer(sweep, this, period, period);
    }

    public int Count => _byName.Count;

    /// <summary>Most operations held at once.</summary>
    public int Capacity => _options.MaxOperations;

    /// <summary>Held operations by state, counted as they change, so reading is cheap.</summary>
    public OperationCounts CountByState()
    {
        lock (_gate)
        {
            var succeeded = _finishedByOutcome[(int)Outcome.Succeeded];
            var failed = _finishedByOutcome[(int)Outcome.Failed];
            var cancelled = _finishedByOutcome[(int)Outcome.Cancelled];
            return new OperationCounts(Math.Max(0, _byName.Count - succeeded - failed - cancelled), succeeded, failed, cancelled);
        }
    }

    public OperationHandle Start(string name, Any? metadata, string? api = null, bool needsRoom = true)
    {
        var parent = ParentOf(name);
        TrackedOperation entry;
        lock (_gate)
        {
            if (_byName.ContainsKey(name))
            {
                throw new OperationAlreadyExistsException(name);
            }

            MakeRoom(1, needsRoom ? _options.MaxOperations : 2L * _options.MaxOperations);
            entry = new TrackedOperation(name, SharedParent(parent), ++_sequence, new Operation { Name = name, Metadata = metadata }, running: true, api: api);
            Insert(entry);
            SkipPastId(name);
        }

        OperationRegistryLog.Created(_logger, name);

        return new OperationHandle(this, entry);
    }

    public IReadOnlyList<OperationHandle> StartBatch(string parent, int count, Any? metadata, Operation? done)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (done is { Done: false })
        {
            throw new ArgumentException("Only a done operation can be the model of done operations.", nameof(done));
        }

        var handles = new List<OperationHandle>(count);
        lock (_gate)
        {
            MakeRoom(count, _options.MaxOperations);
            parent = SharedParent(parent);
            var now = _clock.GetUtcNow();
            while (handles.Count < count)
            {
                var name = OperationNames.Combine(parent, NewOperationId());
                if (_byName.ContainsKey(name))
                {
                    continue; // a client chose this ID; generated ones move on
                }

                var initial = new Operation { Name = name, Metadata = done?.Metadata ?? metadata, Done = done is not null };
                if (done?.Error is { } error)
                {
                    initial.Error = error;
                }
                else if (done?.Response is { } response)
                {
                    initial.Response = response;
                }

                var entry = new TrackedOperation(name, parent, ++_sequence, initial, running: done is null, done is null ? default : now);
                Insert(entry);
                if (done is not null)
                {
                    AddFinished(entry);
                }

                handles.Add(new OperationHandle(this, entry));
            }
        }

        foreach (var handle in handles)
        {
            OperationRegistryLog.Created(_logger, handle.Name);
        }

        return handles;
    }

    public void AddCompleted(Operation operation, string? api = null)
    {
        if (!operation.Done)
        {
            throw new ArgumentException("Only a done operation can be added as completed.", nameof(operation));
        }

        var parent = ParentOf(operation.Name);
        lock (_gate)
        {
            if (_byName.ContainsKey(operation.Name))
            {
                throw new OperationAlreadyExistsException(operation.Name);
            }

            MakeRoom(1, _options.MaxOperations);
            var entry = new TrackedOperation(operation.Name, SharedParent(parent), ++_sequence, operation, running: false, _clock.GetUtcNow(), api);
            Insert(entry);
            AddFinished(entry);
            SkipPastId(operation.Name);
        }

        OperationRegistryLog.Created(_logger, operation.Name);
        OperationRegistryLog.Done(_logger, operation.Name, StatusCodeOf(operation));
    }

    public string NewOperationId() =>
        Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);

    // A numeric ID chosen by a client or loaded from a seed moves the generator past it,
    // so that generated IDs never collide with names already held.
    private void SkipPastId(string name)
    {
        var id = name.AsSpan(name.LastIndexOf('/') + 1);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return;
        }

        var last = Volatile.Read(ref _lastId);
        while (number > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastId, number, last);
            if (seen == last)
            {
                return;
            }

            last = seen;
        }
    }

    public Operation? Get(string name) =>
        _byName.TryGetValue(name, out var entry) ? entry.Snapshot : null;

    public IReadOnlyList<Operation> Where(Func<string, bool> namePredicate)
    {
        lock (_gate)
        {
            return [.. _byName.Values.Where(e => namePredicate(e.Name)).Order(BySequence).Select(e => e.Snapshot)];
        }
    }

    public OperationPage List(string parent, Func<Operation, bool> predicate, int pageSize, long afterSequence, IReadOnlyCollection<string>? apis = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var page = new List<Operation>(Math.Min(pageSize, 256));
        lock (_gate)
        {
            if (!_byParent.TryGetValue(parent, out var siblings) || siblings.Count == 0
                || siblings.Max!.Sequence <= afterSequence)
            {
                return new OperationPage(page, afterSequence, HasMore: false);
            }

            var last = afterSequence;
            var after = siblings.GetViewBetween(TrackedOperation.Probe(afterSequence + 1), siblings.Max);
            foreach (var entry in after)
            {
                if (apis is not null && entry.Api is { } api && !apis.Contains(api))
                {
                    continue;
                }

                var snapshot = entry.Snapshot;
                if (!predicate(snapshot))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    // One more match exists, so the caller gets a token for another page.
                    return new OperationPage(page, last, HasMore: true);
                }

                page.Add(snapshot);
                last = entry.Sequence;
            }

            return new OperationPage(page, last, HasMore: false);
        }
    }

    public CancelOutcome RequestCancel(string name)
    {
        if (!_byName.TryGetValue(name, out var entry))
        {
            return CancelOutcome.NotFound;
        }

        if (!entry.RequestCancel())
        {
            return CancelOutcome.AlreadyDone;
        }

        OperationRegistryLog.CancelRequested(_logger, name);
        return CancelOutcome.Requested;
    }

    public bool Delete(string name)
    {
        lock (_gate)
        {
            if (!_byName.TryRemove(name, out var entry))
            {
                return false;
            }

            Remove(entry);
        }

        OperationRegistryLog.Deleted(_logger, name);
        return true;
    }

    public int RemoveWhere(Func<string, bool> namePredicate)
    {
        lock (_gate)
        {
            var removed = 0;
            foreach (var entry in _byName.Values.Where(e => namePredicate(e.Name)).ToList())
            {
                entry.RequestCancel();
                if (_byName.TryRemove(entry.Name, out _))
                {
                    Remove(entry);
                    removed++;
                }
            }

            return removed;
        }
    }

    public async Task<Operation?> WaitAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(name, out var entry))
        {
            return null;
        }

        var done = entry.WhenDone();
        if (!done.IsCompleted && (timeout > TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan))
        {
            try
            {
                await done.WaitAsync(timeout, _clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Not an error: the caller gets the latest state, still running.
            }
        }

        return entry.Snapshot;
    }

    public void Dispose() => _sweeper.Dispose();

    /// <summary>Called through <see cref="OperationHandle"/>: records the result if it is the first.</summary>
    internal bool Complete(TrackedOperation entry, Operation final)
    {
        if (!entry.TryComplete(final, _clock.GetUtcNow()))
        {
            return false;
        }

        lock (_gate)
        {
            if (!entry.Deleted)
            {
                AddFinished(entry);
            }
        }

        OperationRegistryLog.Done(_logger, entry.Name, StatusCodeOf(final));
        return true;
    }

    /// <summary>Forgets finished operations older than the retention time.</summary>
    internal void SweepExpired()
    {
        lock (_gate)
        {
            RemoveExpired(_clock.GetUtcNow() - _options.Retention);
        }
    }

    private static string ParentOf(string name) =>
        OperationNames.TryParse(name, out var parent, out _)
            ? parent
            : throw new ArgumentException($"'{name}' is not an operation name.", nameof(name));

    // Under the gate: room for count more within limit, by forgetting the oldest finished
    // operations; when even that is not enough, nothing is forgotten and the caller is refused.
    private void MakeRoom(int count, long limit)
    {
        RemoveExpired(_clock.GetUtcNow() - _options.Retention);
        if ((long)_byName.Count - _finished.Count + count > limit)
        {
            throw new RegistryFullException(_options.MaxOperations);
        }

        while ((long)_byName.Count + count > _options.MaxOperations && _finished.First is { } oldest)
        {
            _byName.TryRemove(oldest.Value.Name, out _);
            Remove(oldest.Value);
            OperationRegistryLog.Evicted(_logger, oldest.Value.Name);
        }
    }

    // Under the gate: operations under one parent share one copy of its name.
    private string SharedParent(string parent) =>
        _byParent.TryGetValue(parent, out var siblings) && siblings.Count > 0 ? siblings.Min!.Parent : parent;

    private void RemoveExpired(DateTimeOffset finishedBefore)
    {
        while (_finished.First is { } oldest && oldest.Value.CompletedAt <= finishedBefore)
        {
            _byName.TryRemove(oldest.Value.Name, out _);
            Remove(oldest.Value);
            OperationRegistryLog.Expired(_logger, oldest.Value.Name);
        }
    }

    private void AddFinished(TrackedOperation entry)
    {
        entry.FinishedNode = _finished.AddLast(entry);
        _finishedByOutcome[(int)OutcomeOf(entry.Snapshot)]++;
    }

    private static Outcome OutcomeOf(Operation done) => done.Error switch
    {
        null => Outcome.Succeeded,
        { Code: (int)Google.Rpc.Code.Cancelled } => Outcome.Cancelled,
        _ => Outcome.Failed,
    };

    private static Google.Rpc.Code StatusCodeOf(Operation done) => (Google.Rpc.Code)(done.Error?.Code ?? 0);

    private void Insert(TrackedOperation entry)
    {
        _byName[entry.Name] = entry;
        if (!_byParent.TryGetValue(entry.Parent, out var siblings))
        {
            siblings = new SortedSet<TrackedOperation>(BySequence);
            _byParent.Add(entry.Parent, siblings);
        }

        siblings.Add(entry);
    }

    private enum Outcome
    {
        Succeeded,
        Failed,
        Cancelled,
    }

    private void Remove(TrackedOperation entry)
    {
        entry.Deleted = true;
        if (entry.FinishedNode is { } node)
        {
            _finishedByOutcome[(int)OutcomeOf(entry.Snapshot)]--;
            _finished.Remove(node);
            entry.FinishedNode = null;
        }

        if (_byParent.TryGetValue(entry.Parent, out var siblings))
        {
            siblings.Remove(entry);
            if (siblings.Count == 0)
            {
                _byParent.Remove(entry.Parent);
            }
        }
    }
}
