using Google.Protobuf;
using LongRunningService.Operations.Storage;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// One job: the resource the client sent, and the status the engine moves
/// through its states. Readers get an immutable snapshot that is replaced on
/// every change. Once CANCELLING, a job only moves to a terminal state.
/// </summary>
internal sealed class SimulatedJob
{
    private readonly object _lock = new();
    private readonly IMessage _resource;
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<DateTimeOffset> _finishedUnits = [];
    private readonly List<(JobLifecycleState State, DateTimeOffset Time)> _history = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JobStatus _status;
    private bool _forgotten;
    private RecordedState<IMessage> _state;

    public SimulatedJob(JobResourceType type, string name, string parent, long sequence, IMessage resource, JobScript script, DateTimeOffset now)
        : this(type, parent, sequence, resource, script, new JobStatus(name, JobLifecycleState.Queued, now, null, null, now, null), now)
    {
        _state = new RecordedState<IMessage>(Render());
    }

    /// <summary>
    /// A job loaded as it was (from a seed file or ImportState): until it
    /// changes, readers see <paramref name="resource"/> exactly, outputs and
    /// all. Its remaining stages are timed from <paramref name="now"/>, as if it
    /// had just entered its state; a CANCELLING job is told to stop at once.
    /// </summary>
    public SimulatedJob(JobResourceType type, string parent, long sequence, IMessage resource, JobScript script, JobStatus status, DateTimeOffset now)
    {
        Type = type;
        Name = status.Name;
        Parent = parent;
        Sequence = sequence;
        Script = script;
        _resource = resource;
        Units = type.Output?.CountUnits(resource) ?? 0;
        _status = status;
        _history.Add((status.State, status.UpdateTime));
        _state = new RecordedState<IMessage>(resource);
        TimelineStart = status.State switch
        {
            JobLifecycleState.Queued => now,
            JobLifecycleState.Pending => now - script.Queued,
            JobLifecycleState.Running or JobLifecycleState.Cancelling => now - script.Queued - script.Pending,
            _ => status.CreateTime,
        };
        if (status.State == JobLifecycleState.Cancelling)
        {
            _cancel.Cancel();
        }
        else if (status.State.IsTerminal())
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>
    /// A job read back from the store at start: its stages stay timed from
    /// the stored <see cref="StoredJob.TimelineStart"/>, so one whose stages
    /// fell due while the server was down moves through them at once.
    /// </summary>
    public SimulatedJob(JobResourceType type, StoredJob stored, IMessage resource)
    {
        Type = type;
        Name = stored.Name;
        Parent = stored.Parent;
        Sequence = stored.Sequence;
        Script = stored.Script;
        TimelineStart = stored.TimelineStart;
        _resource = resource;
        Units = type.Output?.CountUnits(resource) ?? 0;
        _status = stored.State.Status;
        _history.AddRange(stored.State.History);
        _finishedUnits.AddRange(stored.State.FinishedUnits.Take(Units));
        Deleting = stored.State.Deleting;
        _state = new RecordedState<IMessage>(Render());
        if (_status.State == JobLifecycleState.Cancelling)
        {
            _cancel.Cancel();
        }
        else if (_status.State.IsTerminal())
        {
            _ended.TrySetResult();
        }
    }

    public JobResourceType Type { get; }

    /// <summary>The resource as it was created or loaded, before the engine's fields were written into it.</summary>
    public IMessage Resource => _resource;

    /// <summary>Set by the engine before the job runs: hears of every change before it is made.</summary>
    public IJobRecorder? Recorder { get; init; }

    /// <summary>How many units of work have finished.</summary>
    public int FinishedUnitCount
    {
        get
        {
            lock (_lock)
            {
                return _finishedUnits.Count;
            }
        }
    }

    public string Name { get; }

    public string Parent { get; }

    public long Sequence { get; }

    public JobScript Script { get; }

    /// <summary>When the job's script started: its create time, or for a loaded job, when its stages were reset to run on.</summary>
    public DateTimeOffset TimelineStart { get; }

    /// <summary>Units of work (NAS trials, pipeline tasks) the job runs one after another; 0 for none.</summary>
    public int Units { get; }

    /// <summary>
    /// The resource as clients see it now; never changed once handed out. Read during the
    /// recording of a change, it is the changed one (see <see cref="RecordedState{T}"/>).
    /// </summary>
    public IMessage Snapshot => _state.Read(_lock);

    public JobStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>The states the job entered and when, oldest first; a state is entered once at most, so this stays short.</summary>
    public IReadOnlyList<(JobLifecycleState State, DateTimeOffset Time)> History
    {
        get
        {
            lock (_lock)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>When the job entered CANCELLING (on the emulator clock), or null while it has not.</summary>
    public DateTimeOffset? CancellingSince
    {
        get
        {
            lock (_lock)
            {
                var entry = _history.FindLast(change => change.State == JobLifecycleState.Cancelling);
                return entry.State == JobLifecycleState.Cancelling ? entry.Time : null;
            }
        }
    }

    /// <summary>Completes when the job reaches a terminal state.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Fires when a client asks to cancel the job.</summary>
    public CancellationToken CancellationRequested => _cancel.Token;

    /// <summary>Set under the store's lock while a deletion is under way.</summary>
    public bool Deleting { get; set; }

    /// <summary>The job's place in the store's list of finished jobs.</summary>
    public LinkedListNode<SimulatedJob>? FinishedNode { get; set; }

    /// <summary>
    /// Moves to the next stage. QUEUED, PENDING and RUNNING only follow each
    /// other while nobody cancels (a CANCELLING job still records when it
    /// started); a terminal state ends the job. False once it has ended.
    /// </summary>
    public bool TryAdvance(JobLifecycleState next, DateTimeOffset now, RpcStatus? error = null)
    {
        lock (_lock)
        {
            var current = _status.State;
            if (current.IsTerminal())
            {
                return false;
            }

            var started = next == JobLifecycleState.Running || (next.IsTerminal() && next != JobLifecycleState.Cancelled)
                ? _status.StartTime ?? now
                : _status.StartTime;
            var state = current == JobLifecycleState.Cancelling && !next.IsTerminal() ? current : next;

            // A job that succeeds has done all its work.
            var unitsDone = state == JobLifecycleState.Succeeded ? Units - _finishedUnits.Count : 0;
            var status = _status with
            {
                State = state,
                StartTime = started,
                EndTime = state.IsTerminal() ? now : null,
                UpdateTime = now,
                Error = error,
            };
            if (!Record(status, state != current, unitsDone, now, answering: false))
            {
                return false;
            }

            for (var unit = 0; unit < unitsDone; unit++)
            {
                _finishedUnits.Add(now);
            }

            if (state != current)
            {
                _history.Add((state, now));
            }

            _status = status;
            Publish();
            if (state.IsTerminal())
            {
                _ended.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Records that one more unit of work finished; false once the job has ended.</summary>
    public bool TryFinishUnit(DateTimeOffset now)
    {
        lock (_lock)
        {
            var status = _status with { UpdateTime = now };
            if (_status.State.IsTerminal() || _finishedUnits.Count >= Units
                || !Record(status, enteredState: false, unitsDone: 1, now, answering: false))
            {
                return false;
            }

            _finishedUnits.Add(now);
            _status = status;
            Publish();
            return true;
        }
    }

    /// <summary>Marks the job CANCELLING and signals its work; false, with the state it is in, when it has ended.</summary>
    /// <exception cref="StateStoreException">The store could not record the request; nothing changed.</exception>
    public bool TryRequestCancel(DateTimeOffset now, out JobLifecycleState state)
    {
        lock (_lock)
        {
            state = _status.State;
            if (state.IsTerminal())
            {
                return false;
            }

            if (state != JobLifecycleState.Cancelling)
            {
                var status = _status with { State = JobLifecycleState.Cancelling, UpdateTime = now };
                if (!Record(status, enteredState: true, unitsDone: 0, now, answering: true))
                {
                    return false;
                }

                _status = status;
                _history.Add((JobLifecycleState.Cancelling, now));
                Publish();
            }
        }

        // Callbacks run on the thread pool, so Cancel returns at once.
        _ = _cancel.CancelAsync();
        return true;
    }

    /// <summary>
    /// Tells the work of a job the engine removed to stop; what it does from
    /// then on is not recorded, since the job has no record any more.
    /// </summary>
    public void Forget()
    {
        lock (_lock)
        {
            _forgotten = true;
        }

        _ = _cancel.CancelAsync();
    }

    /// <summary>The changing part of the job as a store keeps it.</summary>
    public StoredJobState CaptureState()
    {
        lock (_lock)
        {
            return new StoredJobState(_status, [.. _history], [.. _finishedUnits], Deleting);
        }
    }

    // Under the lock, before the change is made: asks the recorder, when there is one, to record the job as it will be.
    private bool Record(JobStatus status, bool enteredState, int unitsDone, DateTimeOffset now, bool answering)
    {
        if (Recorder is null || _forgotten)
        {
            return true;
        }

        var history = new List<(JobLifecycleState, DateTimeOffset)>(_history);
        if (enteredState)
        {
            history.Add((status.State, now));
        }

        var units = new List<DateTimeOffset>(_finishedUnits);
        units.AddRange(Enumerable.Repeat(now, unitsDone));
        // Ended by Publish once memory has the change, or here when the store took none.
        _state.Recording();
        try
        {
            var recorded = Recorder.Record(this, new StoredJobState(status, history, units, Deleting), answering);
            if (!recorded)
            {
                _state.NotRecorded();
            }

            return recorded;
        }
        catch
        {
            _state.NotRecorded();
            throw;
        }
    }

    private void Publish() => _state.Set(Render());

    private IMessage Render()
    {
        // A copy through bytes, which works for any resource type without knowing its CLR type.
        var copy = Type.Descriptor.Parser.ParseFrom(_resource.ToByteArray());
        Type.Apply(copy, _status);
        Type.Output?.Write(copy, _status, new JobProgress(Units, [.. _finishedUnits]));
        return copy;
    }
}
