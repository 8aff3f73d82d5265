using Google.LongRunning;
using LongRunningService.Operations.Storage;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// One held operation. Its state is an <see cref="Operation"/> snapshot that is
/// replaced, never changed in place, so readers can hand it out without copying.
/// A running operation tells its work of cancellation (through a token made
/// when first asked for, or a <see cref="ICancellableWork"/>) and, once someone
/// waits, holds a completion signal that wakes waiters the moment it ends.
/// Entries are held by the million, so nothing is allocated before it is
/// needed and the entry locks itself rather than carrying a lock object.
/// </summary>
internal sealed class TrackedOperation
{
    private RecordedState<Operation> _state;
    private CancellationTokenSource? _cancellation;
    private ICancellableWork? _work;
    private TaskCompletionSource? _completion;
    private bool _done;
    private bool _cancelRequested;

    public TrackedOperation(string name, string parent, long sequence, Operation initial, bool running, DateTimeOffset completedAt = default, string? api = null)
    {
        Api = api;
        CompletedAt = completedAt;
        Name = name;
        Parent = parent;
        Sequence = sequence;
        _state = new RecordedState<Operation>(initial);
        _done = !running;
    }

    public string Name { get; }

    public string Parent { get; }

    /// <summary>The API whose method made the operation, or null when no API did.</summary>
    public string? Api { get; }

    /// <summary>Position in the order of creation; used for listing and page tokens.</summary>
    public long Sequence { get; }

    /// <summary>The state now; read during the recording of a result, it is the result (see <see cref="RecordedState{T}"/>).</summary>
    public Operation Snapshot => _state.Read(this);

    public bool IsDone
    {
        get
        {
            lock (this)
            {
                return _done;
            }
        }
    }

    /// <summary>A client asked to cancel the operation while it ran.</summary>
    public bool CancelRequested
    {
        get
        {
            lock (this)
            {
                return _cancelRequested;
            }
        }
    }

    /// <summary>Fires when cancellation is asked for; <see cref="CancellationToken.None"/> once done.</summary>
    public CancellationToken CancellationToken
    {
        get
        {
            lock (this)
            {
                if (_done)
                {
                    return CancellationToken.None;
                }

                if (_cancelRequested)
                {
                    return new CancellationToken(canceled: true);
                }

                _cancellation ??= new CancellationTokenSource();
                return _cancellation.Token;
            }
        }
    }

    /// <summary>Tells <paramref name="work"/> of cancellation, at once when it was asked for already.</summary>
    public void OnCancelRequested(ICancellableWork work)
    {
        lock (this)
        {
            if (_done)
            {
                return;
            }

            _work = work;
            if (!_cancelRequested)
            {
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static w => w.CancelRequested(), work, preferLocal: false);
    }

    /// <summary>When the operation ended, by the registry's clock.</summary>
    public DateTimeOffset CompletedAt { get; private set; }

    /// <summary>Set by the registry, under its lock, when the operation is forgotten.</summary>
    public bool Deleted { get; set; }

    /// <summary>The operation's place in the registry's list of finished operations.</summary>
    public LinkedListNode<TrackedOperation>? FinishedNode { get; set; }

    /// <summary>Replaces the state of a running operation; false once it is done.</summary>
    public bool TryPublish(Operation next)
    {
        lock (this)
        {
            if (_done)
            {
                return false;
            }

            _state.Set(next);
            return true;
        }
    }

    /// <summary>
    /// Sets the final state; only the first completion counts. When given,
    /// <paramref name="record"/> is asked first, under the entry's lock, and
    /// the completion is not taken when it answers false.
    /// </summary>
    public bool TryComplete(Operation final, DateTimeOffset now, Func<string, Operation, DateTimeOffset, bool>? record = null)
    {
        TaskCompletionSource? completion;
        lock (this)
        {
            if (_done)
            {
                return false;
            }

            try
            {
                if (record is not null)
                {
                    _state.Recording();
                    if (!record(Name, final, now))
                    {
                        return false;
                    }
                }

                _done = true;
                CompletedAt = now;
                _state.Set(final);
            }
            finally
            {
                _state.NotRecorded(); // after the result is set, or when the store took none
            }

            completion = _completion;

            // Not disposed: a source without a timer holds nothing but memory, and a
            // concurrent RequestCancel may still be using it.
            _cancellation = null;
            _work = null;
        }

        completion?.TrySetResult();
        return true;
    }

    /// <summary>Signals the work to stop; false when the operation is done already.</summary>
    public bool RequestCancel()
    {
        CancellationTokenSource? cancellation;
        ICancellableWork? work;
        lock (this)
        {
            if (_done)
            {
                return false;
            }

            if (_cancelRequested)
            {
                return true;
            }

            _cancelRequested = true;
            cancellation = _cancellation;
            work = _work;
        }

        // Callbacks run on the thread pool, so the caller's Cancel returns at once.
        _ = cancellation?.CancelAsync();
        if (work is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.CancelRequested(), work, preferLocal: false);
        }

        return true;
    }

    /// <summary>A task that completes when the operation is done.</summary>
    public Task WhenDone()
    {
        lock (this)
        {
            if (_done)
            {
                return Task.CompletedTask;
            }

            _completion ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _completion.Task;
        }
    }

    /// <summary>An entry that only carries a sequence number, to bound a range of a sorted set.</summary>
    public static TrackedOperation Probe(long sequence) =>
        new(string.Empty, string.Empty, sequence, new Operation(), running: false);
}
