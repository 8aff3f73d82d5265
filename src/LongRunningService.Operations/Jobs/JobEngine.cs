using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// Holds simulated jobs of every family and runs them. Lookups are lock-free;
/// creating, listing and removing take one short lock. When full, the oldest
/// finished job makes room; if none has finished, new jobs are refused.
/// Every change is recorded in the <see cref="IStateStore"/> before it takes
/// effect (creations, removals and cancellations under the same lock, so a
/// store that fails leaves memory as it was).
/// </summary>
internal sealed partial class JobEngine : IJobRecorder
{
    private static readonly IComparer<SimulatedJob> BySequence =
        Comparer<SimulatedJob>.Create(static (a, b) => a.Sequence.CompareTo(b.Sequence));

    private const long FirstGeneratedId = 1_000_000_000_000;

    private readonly ConcurrentDictionary<string, SimulatedJob> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<SimulatedJob>> _byParent = new(StringComparer.Ordinal);
    private readonly LinkedList<SimulatedJob> _finished = new();
    private readonly object _gate = new();
    private readonly JobRunner _runner;
    private readonly TimeProvider _clock;
    private readonly JobEngineOptions _options;
    private readonly ILogger _logger;
    private readonly IStateStore _store;
    private readonly bool _recording;
    private readonly GeneratedIds _ids;

    // Names of jobs whose records are being written, outside the gate: taken, but not held yet.
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);

    public JobEngine(JobRunner runner, TimeProvider clock, IOptions<JobEngineOptions> options, LatencyProfiles profiles, ILogger<JobEngine>? logger = null, IStateStore? store = null)
    {
        Profiles = profiles;
        _store = store ?? new InMemoryStateStore();
        _recording = _store.KeepsRecords;
        _ids = new GeneratedIds(_store, StoredCounters.Jobs);
        _logger = logger ?? NullLogger<JobEngine>.Instance;
        _runner = runner;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>The latency profiles jobs take their default durations from.</summary>
    public LatencyProfiles Profiles { get; }

    public int Count => _byName.Count;

    /// <summary>Held jobs by state, counted by looking at each, for metrics scraped now and then.</summary>
    public IReadOnlyDictionary<JobLifecycleState, int> CountByState()
    {
        var counts = new Dictionary<JobLifecycleState, int>();
        foreach (var job in _byName.Values)
        {
            var state = job.Status.State;
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }

        return counts;
    }

    /// <summary>Creates and starts a job under <paramref name="parent"/>; a numeric ID is generated when <paramref name="id"/> is empty.</summary>
    /// <exception cref="OperationAlreadyExistsException">The name is taken.</exception>
    /// <exception cref="RegistryFullException">No room, and no finished job to make room.</exception>
    /// <returns>The job, and its resource as it was created (a job with no waits may have moved on already).</returns>
    public (SimulatedJob Job, IMessage Created) Create(JobResourceType type, string parent, string id, IMessage resource, JobScript script)
    {
        SimulatedJob job;
        lock (_gate)
        {
            // The name, room and sequence are taken here; with records kept, the record is written outside the gate.
            var name = $"{parent}/{type.Collection}/{(id.Length > 0 ? id : NewId())}";
            ThrowIfTaken(name);
            MakeRoom();
            job = new SimulatedJob(type, name, parent, _store.NextSequence(), resource, script, _clock.GetUtcNow()) { Recorder = Recorder };
            if (_recording)
            {
                _creating.Add(name);
            }
            else
            {
                Index(job);
            }
        }

        if (_recording)
        {
            RecordThenIndex(job);
        }

        var created = job.Snapshot;
        JobLog.Created(_logger, job.Name, job.Status.State);
        _ = _runner.RunAsync(job, OnFinished);
        return (job, created);
    }

    /// <summary>
    /// Adds a job as it was, keeping its name, times and state (see
    /// <see cref="SimulatedJob"/>); one that has not ended runs on from its state.
    /// </summary>
    /// <exception cref="OperationAlreadyExistsException">The name is taken.</exception>
    /// <exception cref="RegistryFullException">No room, and no finished job to make room.</exception>
    public SimulatedJob Restore(JobResourceType type, string parent, IMessage resource, JobScript script, JobStatus status)
    {
        SimulatedJob job;
        lock (_gate)
        {
            job = Admit(status.Name, sequence => new SimulatedJob(type, parent, sequence, resource, script, status, _clock.GetUtcNow()) { Recorder = Recorder });
            KeepGeneratedIdsClearOf(status.Name);
            if (status.State.IsTerminal())
            {
                job.FinishedNode = _finished.AddLast(job);
            }
        }

        if (!status.State.IsTerminal())
        {
            _ = _runner.RunAsync(job, OnFinished);
        }

        return job;
    }

    /// <summary>
    /// Adds jobs read back from the store at start, without recording them
    /// again; those that had not ended run on against the clock from their
    /// stored timeline. Jobs whose name is held already are skipped.
    /// </summary>
    internal void Reload(IEnumerable<(JobResourceType Type, StoredJob Stored, IMessage Resource)> stored)
    {
        var running = new List<SimulatedJob>();
        lock (_gate)
        {
            var ended = new List<SimulatedJob>();
            foreach (var (type, record, resource) in stored)
            {
                if (_byName.ContainsKey(record.Name))
                {
                    continue;
                }

                var job = new SimulatedJob(type, record, resource) { Recorder = Recorder };
                Index(job);
                KeepGeneratedIdsClearOf(job.Name);
                (job.Status.State.IsTerminal() ? ended : running).Add(job);
            }

            foreach (var job in ended.OrderBy(j => j.Status.EndTime).ThenBy(j => j.Sequence))
            {
                job.FinishedNode = _finished.AddLast(job);
            }
        }

        foreach (var job in running)
        {
            _ = _runner.RunAsync(job, OnFinished);
        }
    }

    /// <summary>Every job whose name matches, in creation order.</summary>
    public IReadOnlyList<SimulatedJob> Where(Func<string, bool> namePredicate)
    {
        lock (_gate)
        {
            return [.. _byName.Values.Where(j => namePredicate(j.Name)).Order(BySequence)];
        }
    }

    public SimulatedJob? Get(string name) => _byName.GetValueOrDefault(name) ?? ReadThrough(name);

    /// <summary>Jobs of one type under a parent, in creation order, for listing.</summary>
    public IReadOnlyList<SimulatedJob> Under(JobResourceType type, string parent)
    {
        lock (_gate)
        {
            return _byParent.TryGetValue(ParentKey(type, parent), out var siblings) ? [.. siblings] : [];
        }
    }

    public JobCancelOutcome Cancel(string name, out SimulatedJob? job)
    {
        job = Get(name);
        if (job is null)
        {
            return JobCancelOutcome.NotFound;
        }

        if (!job.TryRequestCancel(_clock.GetUtcNow(), out _))
        {
            return JobCancelOutcome.AlreadyEnded;
        }

        JobLog.StateChanged(_logger, name, JobLifecycleState.Cancelling);
        return JobCancelOutcome.Requested;
    }

    /// <summary>Starts deleting an ended job; it stays readable until <see cref="CompleteDelete"/>.</summary>
    public JobDeleteOutcome BeginDelete(string name, out SimulatedJob? job)
    {
        lock (_gate)
        {
            job = Get(name);
            if (job is null)
            {
                return JobDeleteOutcome.NotFound;
            }

            if (!job.Status.State.IsTerminal())
            {
                return JobDeleteOutcome.NotEnded;
            }

            if (job.Deleting)
            {
                return JobDeleteOutcome.AlreadyDeleting;
            }

            if (_recording)
            {
                _store.UpdateJob(job.Name, job.CaptureState() with { Deleting = true });
            }

            job.Deleting = true;
            return JobDeleteOutcome.Started;
        }
    }

    /// <summary>Forgets a job whose deletion was started.</summary>
    public void CompleteDelete(SimulatedJob job)
    {
        lock (_gate)
        {
            if (_recording && _byName.TryGetValue(job.Name, out var held) && ReferenceEquals(held, job))
            {
                _store.DeleteJobs([job.Name]);
            }

            Remove(job);
        }

        JobLog.Deleted(_logger, job.Name);
    }

    /// <summary>Forgets every job whose name matches; their work is told to stop. Returns how many.</summary>
    public int RemoveWhere(Func<string, bool> namePredicate)
    {
        lock (_gate)
        {
            var removed = 0;
            var matching = _byName.Values.Where(j => namePredicate(j.Name)).ToList();
            if (_recording && matching.Count > 0)
            {
                _store.DeleteJobs([.. matching.Select(j => j.Name)]);
            }

            foreach (var job in matching)
            {
                job.Forget();
                Remove(job);
                removed++;
            }

            return removed;
        }
    }

    // Called under the lock: checks the name, makes room and indexes the job.
    private SimulatedJob Admit(string name, Func<long, SimulatedJob> make)
    {
        ThrowIfTaken(name);
        MakeRoom();
        var job = make(_store.NextSequence());
        if (_recording)
        {
            _store.InsertJob(Record(job));
        }

        Index(job);
        return job;
    }

    // Called under the lock: a name held, or being created.
    private void ThrowIfTaken(string name)
    {
        if (_byName.ContainsKey(name) || (_recording && _creating.Contains(name)))
        {
            throw new OperationAlreadyExistsException(name);
        }
    }

    // Outside the lock, for a new job whose name is reserved: writes its record, then indexes it.
    // When the write fails the name is free again and the store's error goes to the caller.
    private void RecordThenIndex(SimulatedJob job)
    {
        try
        {
            _store.InsertJob(Record(job));
        }
        catch
        {
            lock (_gate)
            {
                _creating.Remove(job.Name);
            }

            throw;
        }

        lock (_gate)
        {
            _creating.Remove(job.Name);
            Index(job);
        }
    }

    private static StoredJob Record(SimulatedJob job) =>
        new(job.Name, job.Type.Descriptor.FullName, job.Parent, job.Sequence, job.Resource.ToByteString(), job.Script, job.TimelineStart, job.CaptureState());

    // Called under the lock: makes the job findable by name and under its parent.
    private void Index(SimulatedJob job)
    {
        _byName[job.Name] = job;
        var key = ParentKey(job.Type, job.Parent);
        if (!_byParent.TryGetValue(key, out var siblings))
        {
            siblings = new SortedSet<SimulatedJob>(BySequence);
            _byParent.Add(key, siblings);
        }

        siblings.Add(job);
    }

    // A loaded job with a generated-looking ID moves the generator past it, so new jobs do not collide with it.
    private void KeepGeneratedIdsClearOf(string name)
    {
        if (long.TryParse(name.AsSpan(name.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && id > FirstGeneratedId)
        {
            _ids.SkipPast(id - FirstGeneratedId);
        }
    }

    private void OnFinished(SimulatedJob job)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(job.Name, out var held) && ReferenceEquals(held, job))
            {
                job.FinishedNode = _finished.AddLast(job);
            }
        }
    }

    private void MakeRoom()
    {
        while (_byName.Count + _creating.Count >= _options.MaxJobs)
        {
            var oldest = _finished.First ?? throw new RegistryFullException(_options.MaxJobs);
            if (_recording)
            {
                _store.DeleteJobs([oldest.Value.Name]);
            }

            Remove(oldest.Value);
            JobLog.Evicted(_logger, oldest.Value.Name);
        }
    }

    private void Remove(SimulatedJob job)
    {
        if (!_byName.TryRemove(new KeyValuePair<string, SimulatedJob>(job.Name, job)))
        {
            return;
        }

        if (job.FinishedNode is { } node)
        {
            _finished.Remove(node);
            job.FinishedNode = null;
        }

        var key = ParentKey(job.Type, job.Parent);
        if (_byParent.TryGetValue(key, out var siblings))
        {
            siblings.Remove(job);
            if (siblings.Count == 0)
            {
                _byParent.Remove(key);
            }
        }
    }

    // Vertex-style numeric IDs, never handed out twice by one store (a durable one: across restarts).
    private string NewId() => (FirstGeneratedId + _ids.Next()).ToString(CultureInfo.InvariantCulture);

    private IJobRecorder? Recorder => _recording ? this : null;

    bool IJobRecorder.Record(SimulatedJob job, StoredJobState next, bool answering)
    {
        try
        {
            return _store.UpdateJob(job.Name, next);
        }
        catch (StateStoreException exception) when (!answering)
        {
            JobLog.StoreFailed(_logger, job.Name, exception.Message);
            return true;
        }
    }

    private static string ParentKey(JobResourceType type, string parent) => $"{parent}/{type.Collection}#{type.Descriptor.FullName}";
}
