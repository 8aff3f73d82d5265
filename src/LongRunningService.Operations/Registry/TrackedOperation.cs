using Google.LongRunning;

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
    private Operation _snapshot;
    private CancellationTokenSource? _cancellation;
    private ICancellableWork? _work;
    private TaskCompletionSource? _completion;
    private bool _done;
    private bool _cancelRequested;
    private volatile bool _recording;

    public TrackedOperation(string name, string parent, long sequence, Operation initial, bool running, DateTimeOffset completedAt = default, string? api = null)
    {
        Api = api;
        CompletedAt = completedAt;
        Name = name;
        Parent = parent;
        Sequence = sequence;
        _snapshot = initial;
        _done = !running;
    }

    public string Name { get; }

    public string Parent { get; }

    /// <summary>The API whose method made the operation, or null when no API did.</summary>
    public string? Api { get; }

    /// <summary>Position in the order of creation; used for listing and page tokens.</summary>
    public long Sequence { get; }

    /// <summary>
    /// The state now. While a result is being written to a shared store (where another server
    /// may already serve it) the reader waits for it to be taken here too, so a client that saw
    /// the result elsewhere never reads the older state here afterwards.
    /// </summary>
    public Operation Snapshot
    {
        get
        {
            if (_recording)
            {
                lock (this)
                {
                    return _snapshot;
                }
            }

            return Volatile.Read(ref _snapshot);
        }
    }

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

            Volatile.Write(ref _snapshot, next);
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
                    _recording = true;
                    Interlocked.MemoryBarrier(); // seen by readers before the store can tell anyone of the result
                    if (!record(Name, final, now))
                    {
                        return false;
                    }
                }

                _done = true;
                CompletedAt = now;
                Volatile.Write(ref _snapshot, final);
            }
            finally
            {
                _recording = false;
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
