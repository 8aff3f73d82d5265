namespace LongRunningService.Operations.Storage;

/// <summary>
/// The state of something held in memory and recorded in a store: replaced whole under
/// its owner's lock, read without that lock, except while a change is being written to the
/// store. On a store several servers share, another server may serve the change from the
/// moment it is written, so a reader here then waits for the owner's lock: a client that
/// saw the change elsewhere never reads the older state here afterwards. A field of its
/// owner, so nothing is allocated per state.
/// </summary>
internal struct RecordedState<T>(T initial)
    where T : class
{
    private T _value = initial;
    private volatile bool _recording;

    /// <summary>The state now; <paramref name="ownerLock"/> is taken only while a change is being recorded.</summary>
    public T Read(object ownerLock)
    {
        if (_recording)
        {
            lock (ownerLock)
            {
                return _value;
            }
        }

        return Volatile.Read(ref _value);
    }

    /// <summary>Under the owner's lock, before the store is written: readers wait from now on.</summary>
    public void Recording()
    {
        _recording = true;
        Interlocked.MemoryBarrier(); // seen by readers before the store can tell anyone of the change
    }

    /// <summary>Under the owner's lock: the new state, which ends a recording under way.</summary>
    public void Set(T value)
    {
        Volatile.Write(ref _value, value);
        _recording = false;
    }

    /// <summary>Under the owner's lock: the store took no change (it refused or failed), so readers need not wait.</summary>
    public void NotRecorded() => _recording = false;
}
