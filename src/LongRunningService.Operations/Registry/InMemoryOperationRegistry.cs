using System.Collections.Concurrent;
using System.Globalization;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// The registry in memory. Lookups by name are lock-free; adding, removing,
/// listing and completing take one short lock. Finished operations are kept in
/// completion order, so the oldest goes first when retention passes or room
/// is needed. Every change is recorded in the <see cref="IStateStore"/>
/// first, under the same lock, so a store that fails leaves memory as it was
/// and records follow the order of changes. Creations are the exception: under
/// the lock a name is reserved (with room and a sequence), the record is written
/// outside it, and only then is the operation held, so creations through one
/// server reach the store side by side and none is seen before it is recorded.
/// </summary>
internal sealed partial class InMemoryOperationRegistry : IOperationRegistry, IDisposable
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
    private readonly IStateStore _store;
    private readonly bool _recording;
    private readonly GeneratedIds _ids;

    // Names whose records are being written, outside the gate: taken, but not held yet.
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);

    public InMemoryOperationRegistry(IOptions<OperationRegistryOptions> options, TimeProvider clock, ILogger<InMemoryOperationRegistry>? logger = null, IStateStore? store = null)
    {
        _logger = logger ?? NullLogger<InMemoryOperationRegistry>.Instance;
        _store = store ?? new InMemoryStateStore();
        _recording = _store.KeepsRecords;
        _ids = new GeneratedIds(_store, StoredCounters.Operations);
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

    public OperationHandle Start(string name, Any? metadata, string? api = null, bool needsRoom = true, OperationWork? work = null)
    {
        var parent = ParentOf(name);
        TrackedOperation entry;
        lock (_gate)
        {
            ThrowIfTaken(name);
            MakeRoom(1, needsRoom ? _options.MaxOperations : 2L * _options.MaxOperations);
            var initial = new Operation { Name = name, Metadata = metadata };
            entry = new TrackedOperation(name, SharedParent(parent), _store.NextSequence(), initial, running: true, api: api);
            ReserveOrHold(entry, finished: false);
        }

        if (_recording)
        {
            RecordThenHold([entry], [new StoredOperation(name, entry.Sequence, api, entry.Snapshot, CompletedAt: null, CancelRequested: false, work)], finished: false);
        }

        OperationRegistryLog.Created(_logger, name);

        return new OperationHandle(this, entry);
    }

    public IReadOnlyList<OperationHandle> StartBatch(string parent, int count, Any? metadata, Operation? done, OperationWork? work = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (done is { Done: false })
        {
            throw new ArgumentException("Only a done operation can be the model of done operations.", nameof(done));
        }

        var entries = new List<TrackedOperation>(count);
        lock (_gate)
        {
            MakeRoom(count, _options.MaxOperations);
            parent = SharedParent(parent);
            var now = _clock.GetUtcNow();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var sequence = _store.NextSequences(count);
            while (entries.Count < count)
            {
                var name = OperationNames.Combine(parent, NewOperationId());
                if (IsTaken(name) || !names.Add(name))
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

                entries.Add(new TrackedOperation(name, parent, sequence++, initial, running: done is null, done is null ? default : now));
            }

            foreach (var entry in entries)
            {
                ReserveOrHold(entry, finished: done is not null);
            }
        }

        if (_recording)
        {
            RecordThenHold(entries, [.. entries.Select(e => Record(e, done is null ? work : null))], finished: done is not null);
        }

        var handles = new List<OperationHandle>(count);
        foreach (var entry in entries)
        {
            OperationRegistryLog.Created(_logger, entry.Name);
            handles.Add(new OperationHandle(this, entry));
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
        TrackedOperation entry;
        lock (_gate)
        {
            ThrowIfTaken(operation.Name);
            MakeRoom(1, _options.MaxOperations);
            entry = new TrackedOperation(operation.Name, SharedParent(parent), _store.NextSequence(), operation, running: false, _clock.GetUtcNow(), api);
            ReserveOrHold(entry, finished: true);
        }

        if (_recording)
        {
            RecordThenHold([entry], [Record(entry, work: null)], finished: true);
        }

        OperationRegistryLog.Created(_logger, operation.Name);
        OperationRegistryLog.Done(_logger, operation.Name, StatusCodeOf(operation));
    }

    /// <summary>
    /// Adds operations read back from the store at start, as they were, without
    /// recording them again: finished ones keep their completion time (and
    /// their place in retention), running ones that a client asked to cancel
    /// are cancelled again. Returns the running ones, for their work to be resumed.
    /// </summary>
    internal IReadOnlyList<(OperationHandle Handle, StoredOperation Stored)> Restore(IReadOnlyList<StoredOperation> stored)
    {
        var running = new List<(OperationHandle, StoredOperation)>();
        lock (_gate)
        {
            var finished = new List<TrackedOperation>();
            foreach (var record in stored)
            {
                if (_byName.ContainsKey(record.Name) || Hold(record) is not { } entry)
                {
                    continue;
                }

                if (entry.IsDone)
                {
                    finished.Add(entry);
                }
                else
                {
                    running.Add((new OperationHandle(this, entry), record));
                }
            }

            foreach (var entry in finished.OrderBy(e => e.CompletedAt).ThenBy(e => e.Sequence))
            {
                AddFinished(entry);
            }
        }

        return running;
    }

    public string NewOperationId() => _ids.Next().ToString(CultureInfo.InvariantCulture);

    // Under the gate: whether a name is held or being created.
    private bool IsTaken(string name) => _byName.ContainsKey(name) || (_recording && _creating.Contains(name));

    private void ThrowIfTaken(string name)
    {
        if (IsTaken(name))
        {
            throw new OperationAlreadyExistsException(name);
        }
    }

    // Under the gate, for a new operation: with no records kept it is held at once;
    // otherwise its name is taken until its record is written (RecordThenHold).
    private void ReserveOrHold(TrackedOperation entry, bool finished)
    {
        if (_recording)
        {
            _creating.Add(entry.Name);
        }
        else
        {
            HoldNew(entry, finished);
        }
    }

    // Under the gate: a new operation held from now on (a finished one also in retention).
    private void HoldNew(TrackedOperation entry, bool finished)
    {
        Insert(entry);
        if (finished)
        {
            AddFinished(entry);
        }

        SkipPastId(entry.Name);
    }

    // Outside the gate, for names reserved under it: writes their records, then holds the operations.
    // When the write fails the names are free again and the store's error goes to the caller.
    private void RecordThenHold(List<TrackedOperation> entries, IReadOnlyList<StoredOperation> records, bool finished)
    {
        try
        {
            _store.InsertOperations(records);
        }
        catch
        {
            lock (_gate)
            {
                foreach (var entry in entries)
                {
                    _creating.Remove(entry.Name);
                }
            }

            throw;
        }

        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _creating.Remove(entry.Name);
                HoldNew(entry, finished);
            }
        }
    }

    // A numeric ID chosen by a client or loaded from a seed moves the generator past it,
    // so that generated IDs never collide with names already held.
    private void SkipPastId(string name)
    {
        var id = name.AsSpan(name.LastIndexOf('/') + 1);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return;
        }

        _ids.SkipPast(number);
    }

    public Operation? Get(string name) =>
        TryFind(name, out var entry) ? entry.Snapshot : null;

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
        if (!TryFind(name, out var entry))
        {
            return CancelOutcome.NotFound;
        }

        // Recorded before the work hears of it, so a cancellation answered OK survives a restart.
        if (_recording && !entry.IsDone && !entry.CancelRequested && !_store.RequestOperationCancel(name))
        {
            return CancelOutcome.AlreadyDone;
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
            if (!TryFind(name, out var entry))
            {
                return false;
            }

            if (_recording)
            {
                _store.DeleteOperations([name]);
            }

            _byName.TryRemove(name, out _);
            Remove(entry);
        }

        OperationRegistryLog.Deleted(_logger, name);
        return true;
    }

    public int RemoveWhere(Func<string, bool> namePredicate)
    {
        lock (_gate)
        {
            var matching = _byName.Values.Where(e => namePredicate(e.Name)).ToList();
            if (_recording && matching.Count > 0)
            {
                _store.DeleteOperations([.. matching.Select(e => e.Name)]);
            }

            var removed = 0;
            foreach (var entry in matching)
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
        if (!TryFind(name, out var entry))
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
        var now = _clock.GetUtcNow();
        if (!entry.TryComplete(final, now, _recording ? RecordCompletion : null))
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

    /// <summary>Called through <see cref="OperationHandle"/>: replaces a running operation's state.</summary>
    internal void Publish(TrackedOperation entry, Operation next)
    {
        if (!entry.TryPublish(next) || !_recording)
        {
            return;
        }

        try
        {
            _store.PublishOperation(entry.Name, next);
        }
        catch (StateStoreException exception)
        {
            OperationRegistryLog.StoreFailed(_logger, entry.Name, exception.Message);
        }
    }

    // Under the entry's lock, before memory changes: a result the store refuses (another
    // server's came first) is not taken; one the store cannot write is still taken and
    // logged, since work that finished cannot be told otherwise (a restart runs it again).
    private bool RecordCompletion(string name, Operation final, DateTimeOffset now)
    {
        try
        {
            return _store.CompleteOperation(name, final, now);
        }
        catch (StateStoreException exception)
        {
            OperationRegistryLog.StoreFailed(_logger, name, exception.Message);
            return true;
        }
    }

    /// <summary>Forgets finished operations older than the retention time.</summary>
    internal void SweepExpired()
    {
        try
        {
            lock (_gate)
            {
                RemoveExpired(_clock.GetUtcNow() - _options.Retention);
            }
        }
        catch (StateStoreException exception)
        {
            OperationRegistryLog.StoreFailed(_logger, "(retention sweep)", exception.Message);
        }
    }

    private static StoredOperation Record(TrackedOperation entry, OperationWork? work)
    {
        var state = entry.Snapshot;
        return new StoredOperation(entry.Name, entry.Sequence, entry.Api, state, state.Done ? entry.CompletedAt : null, CancelRequested: false, state.Done ? null : work);
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
        var held = (long)_byName.Count + _creating.Count;
        if (held - _finished.Count + count > limit)
        {
            throw new RegistryFullException(_options.MaxOperations);
        }

        var excess = held + count - _options.MaxOperations;
        if (excess <= 0 || _finished.Count == 0)
        {
            return;
        }

        var victims = new List<TrackedOperation>((int)Math.Min(excess, _finished.Count));
        for (var node = _finished.First; node is not null && victims.Count < excess; node = node.Next)
        {
            victims.Add(node.Value);
        }

        Forget(victims, expired: false);
    }

    // Under the gate: operations under one parent share one copy of its name.
    private string SharedParent(string parent) =>
        _byParent.TryGetValue(parent, out var siblings) && siblings.Count > 0 ? siblings.Min!.Parent : parent;

    private void RemoveExpired(DateTimeOffset finishedBefore)
    {
        if (_finished.First is not { } first || first.Value.CompletedAt > finishedBefore)
        {
            return;
        }

        var victims = new List<TrackedOperation>();
        for (var node = _finished.First; node is not null && node.Value.CompletedAt <= finishedBefore; node = node.Next)
        {
            victims.Add(node.Value);
        }

        Forget(victims, expired: true);
    }

    // Under the gate: removes finished operations from the store, then from memory.
    private void Forget(List<TrackedOperation> victims, bool expired)
    {
        if (_recording)
        {
            _store.DeleteOperations([.. victims.Select(v => v.Name)]);
        }

        foreach (var victim in victims)
        {
            _byName.TryRemove(victim.Name, out _);
            Remove(victim);
            if (expired)
            {
                OperationRegistryLog.Expired(_logger, victim.Name);
            }
            else
            {
                OperationRegistryLog.Evicted(_logger, victim.Name);
            }
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
