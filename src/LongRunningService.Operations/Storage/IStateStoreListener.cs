namespace LongRunningService.Operations.Storage;

/// <summary>
/// Hears of changes another server made to a shared store. Called on a
/// store's own thread, never under a registry or engine lock; an
/// implementation must not throw and must return quickly (it re-reads the
/// record and updates memory).
/// </summary>
internal interface IStateStoreListener
{
    /// <summary>The operation was created, published, cancelled, finished or removed elsewhere; <see cref="IStateStore.ReadOperation"/> says which.</summary>
    void OperationChanged(string name);

    /// <summary>
    /// Operations were created elsewhere in one change too big to announce
    /// name by name: these are their records as now stored.
    /// </summary>
    void OperationsCreated(IReadOnlyList<StoredOperation> operations);

    /// <summary>The job was created, moved on, cancelled or removed elsewhere; <see cref="IStateStore.ReadJob"/> says which.</summary>
    void JobChanged(string name);

    /// <summary>The clock was paused, run, scaled or advanced elsewhere; the store's state holds its new record.</summary>
    void ClockChanged(StoredClock clock);

    /// <summary>
    /// Changes made elsewhere may have gone unheard (the store could not
    /// listen for a while): these are every operation and job as now stored.
    /// Each held record is to be replaced by its stored one, or dropped when
    /// the store no longer has it, so nothing stale is served as current.
    /// </summary>
    void ChangesMissed(IReadOnlyList<StoredOperation> operations, IReadOnlyList<StoredJob> jobs);
}
