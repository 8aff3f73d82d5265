namespace LongRunningService.Operations.Storage;

/// <summary>
/// Hears of changes another server made to a shared store, with the records
/// as stored after them. Called on a store's own thread, one change after
/// another, never under a registry or engine lock; an implementation must not
/// throw and must return quickly (it updates memory).
/// </summary>
internal interface IStateStoreListener
{
    /// <summary>The operation was created, published, cancelled, finished or removed elsewhere: <paramref name="stored"/> is its record now, null once removed.</summary>
    void OperationChanged(string name, StoredOperation? stored);

    /// <summary>
    /// Operations were created elsewhere in one change too big to announce
    /// name by name: these are their records as now stored.
    /// </summary>
    void OperationsCreated(IReadOnlyList<StoredOperation> operations);

    /// <summary>The job was created, moved on, cancelled or removed elsewhere: <paramref name="stored"/> is its record now, null once removed.</summary>
    void JobChanged(string name, StoredJob? stored);

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
