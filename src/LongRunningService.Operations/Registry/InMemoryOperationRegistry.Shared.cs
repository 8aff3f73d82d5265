using LongRunningService.Operations.Storage;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// The registry over a store that several servers share: memory holds what
/// this server has seen; a name it has not seen is read through to the store
/// (so a call right after another server created an operation finds it), and
/// other servers' changes, heard from the store, are applied as they come,
/// which wakes this server's waiters.
/// </summary>
internal sealed partial class InMemoryOperationRegistry
{
    private Func<string, StoredOperation?>? _readThrough;
    private ReadsThrough? _reads;

    /// <summary>From now on, a name not held is looked up in <paramref name="read"/> (the shared store) before it is called missing.</summary>
    internal void ReadThroughTo(Func<string, StoredOperation?> read)
    {
        _reads = new ReadsThrough(_gate);
        _readThrough = read;
    }

    /// <summary>The store's changes may have been missed: reads through to it in progress are made again.</summary>
    internal void ChangesMayHaveBeenMissed()
    {
        lock (_gate)
        {
            _reads?.ReadAllAgain();
        }
    }

    /// <summary>
    /// Takes another server's change of an operation: <paramref name="record"/>
    /// as now stored, or null when it was removed. Nothing is recorded again;
    /// local work is told of a cancellation; a result ends local waits.
    /// </summary>
    internal void ApplyStored(string name, StoredOperation? record)
    {
        TrackedOperation? entry;
        lock (_gate)
        {
            _byName.TryGetValue(name, out entry);
            if (record is null)
            {
                _reads?.Removed(name);
                if (entry is not null && _byName.TryRemove(name, out _))
                {
                    Remove(entry);
                }

                return;
            }

            if (entry is null)
            {
                // A name being created here is not another server's: this server's record wins or its write fails.
                if (!_creating.Contains(name))
                {
                    Adopt(record);
                }

                return;
            }
        }

        if (record.State.Done)
        {
            if (entry.TryComplete(record.State, record.CompletedAt ?? _clock.GetUtcNow()))
            {
                lock (_gate)
                {
                    if (!entry.Deleted)
                    {
                        AddFinished(entry);
                    }
                }

                OperationRegistryLog.Done(_logger, name, StatusCodeOf(record.State));
            }

            return;
        }

        if (record.CancelRequested && !entry.CancelRequested && entry.RequestCancel())
        {
            OperationRegistryLog.CancelRequested(_logger, name);
        }

        entry.TryPublish(record.State);
    }

    /// <summary>
    /// Takes over a running operation whose former driver is gone: its handle, for its work to run on.
    /// An operation held here already stays the one entry, so that waits on this server end when the work does.
    /// </summary>
    internal IReadOnlyList<(OperationHandle Handle, StoredOperation Stored)> TakeOver(StoredOperation record)
    {
        TrackedOperation? held;
        lock (_gate)
        {
            _byName.TryGetValue(record.Name, out held);
        }

        if (held is null)
        {
            return Restore([record]);
        }

        if (held.IsDone)
        {
            return [];
        }

        if (record.CancelRequested && !held.CancelRequested)
        {
            held.RequestCancel();
        }

        held.TryPublish(record.State);
        return [(new OperationHandle(this, held), record)];
    }

    // Under the gate: an operation this server has not seen, held from now on as stored.
    private TrackedOperation? Adopt(StoredOperation record)
    {
        var entry = Hold(record);
        if (entry is { IsDone: true })
        {
            AddFinished(entry);
        }

        return entry;
    }

    // Under the gate: a stored operation indexed as it was recorded (a cancellation asked for is asked
    // again); null for a name that is not an operation's. A finished one's place in retention is the caller's.
    private TrackedOperation? Hold(StoredOperation record)
    {
        if (!OperationNames.TryParse(record.Name, out var parent, out _))
        {
            return null;
        }

        var done = record.State.Done;
        var entry = new TrackedOperation(record.Name, SharedParent(parent), record.Sequence, record.State, running: !done, record.CompletedAt ?? default, record.Api);
        Insert(entry);
        SkipPastId(record.Name);
        if (!done && record.CancelRequested)
        {
            entry.RequestCancel();
        }

        return entry;
    }

    private bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrackedOperation? entry)
    {
        if (_byName.TryGetValue(name, out entry))
        {
            return true;
        }

        if (_readThrough is not { } read || _reads is not { } reads)
        {
            return false;
        }

        // A name being created here is not found until its creation answers.
        entry = reads.Through(name, read, record =>
            _byName.TryGetValue(name, out var held) ? held : record is null || _creating.Contains(name) ? null : Adopt(record));
        return entry is not null;
    }
}
