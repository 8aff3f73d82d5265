using Google.LongRunning;

namespace LongRunningService.Operations.Storage;

/// <summary>
/// Where the operation registry and the job engine record what they accept,
/// so that it outlives the process (a file) or is shared by several servers
/// (a database). Memory stays the working set that serves reads, timers and
/// waiters; a store records every accepted change before the call that made it
/// answers, and hands everything back once, at start, through <see cref="Load"/>.
/// <para>
/// The write path is synchronous on purpose. The registry and the engine
/// change their memory and the record under one lock, so records follow the
/// order of changes and a failed write leaves memory as it was; a creation
/// only reserves its name, room and sequence under the lock and writes its
/// record outside it, holding the new record once written. Their callers
/// (RPC handlers that answer at once, timer callbacks) are synchronous too.
/// An asynchronous path would put a task on every change, also for the memory
/// store, which must cost nothing. A local file commit is short; a database
/// store blocks its caller for one round trip, as the caller must wait for it
/// before answering OK anyway.
/// </para>
/// <para>
/// Every member may throw <see cref="StateStoreException"/> when the store
/// cannot do what was asked (a disk full, a database gone); nothing is
/// recorded then, and the caller leaves its memory unchanged and answers with
/// an error. Records are checked by the caller before they are written
/// (<see cref="StoredRecordLimits"/>), so nothing stored can break a read or a
/// start-up. Members are safe to call from several threads at once.
/// </para>
/// </summary>
internal interface IStateStore : IDisposable
{
    /// <summary>Short name of the store for logs and errors: <c>memory</c>, <c>sqlite</c>, <c>postgres</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// The setting that chose this store and what it names (never a password),
    /// to begin a start-up error about it with: <c>Storage:DataDir, --data-dir</c>
    /// for SQLite, the database and <c>Postgres:ConnectionString, --postgres</c> for PostgreSQL.
    /// </summary>
    string Setting { get; }

    /// <summary>
    /// True when the store keeps records. False for the memory store, which
    /// keeps nothing: its writes do nothing, so callers may skip building the
    /// records they would pass (this is what keeps the default as fast as a
    /// registry with no store at all).
    /// </summary>
    bool KeepsRecords { get; }

    /// <summary>
    /// Everything stored, read once when the server starts, before it serves
    /// calls: operations and jobs oldest first (by sequence), the clock, the
    /// ID counters and the page token key (made here when the store has none
    /// yet; servers sharing a store get the same one). The memory store
    /// returns nothing but a key of its own.
    /// </summary>
    /// <exception cref="StateStoreException">The store cannot be read (corrupt, unreachable, of a newer schema); the message says why in one line.</exception>
    StoredState Load();

    /// <summary>
    /// Whether this server is to run the work of a running operation or job
    /// that <see cref="Load"/> returned. True for a store of one server. A
    /// store that several servers share answers true only for the work it gave
    /// this server while loading; the others' work is held as they record it,
    /// and the store tells its listener when this server is to take any over.
    /// </summary>
    bool DrivesLoaded(string name) => true;

    /// <summary>
    /// The next position in the one order of creation shared by operations and
    /// jobs, for listing and page tokens: greater than every position this
    /// store handed out or loaded before, across restarts and, for a shared
    /// store, across servers.
    /// </summary>
    long NextSequence() => NextSequences(1);

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive positions of that order
    /// (as <see cref="NextSequence"/> would hand out one by one) and returns the
    /// first. A store may hand positions out of blocks it reserved earlier, so
    /// positions follow the order of creation through one server; between
    /// servers sharing a store, each server's block is its own.
    /// </summary>
    long NextSequences(int count);

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive generated IDs of
    /// <paramref name="counter"/> (<see cref="StoredCounters"/> names them) and
    /// returns the first. Every ID of the block is greater than
    /// <paramref name="after"/> and than every ID of that counter reserved
    /// before, across restarts and, for a shared store, across servers.
    /// </summary>
    long ReserveIds(string counter, long after, int count);

    /// <summary>
    /// Records new operations, all or none (one for Start, many for a batch or
    /// a load). Each name must be free in the store.
    /// </summary>
    /// <exception cref="Registry.OperationAlreadyExistsException">A record of one of the names is stored already (a shared store: made through another server); nothing was recorded.</exception>
    void InsertOperations(IReadOnlyList<StoredOperation> operations);

    /// <summary>
    /// Replaces the state (its metadata) of a running operation. Ignored when
    /// no record has that name or the stored one is done already. Not called
    /// before an answer: progress may be lost in a crash, a result never.
    /// </summary>
    void PublishOperation(string name, Operation state);

    /// <summary>
    /// Records the final state of an operation if and only if the stored one is
    /// not done yet: an operation is never finished twice, even when several
    /// servers race to finish it.
    /// </summary>
    /// <returns>True when this call finished it; false when it was done already or no record has that name.</returns>
    bool CompleteOperation(string name, Operation final, DateTimeOffset completedAt);

    /// <summary>
    /// Records that a client asked to cancel a running operation, so that a
    /// restarted server (or the server driving its work) honours it.
    /// </summary>
    /// <returns>False when the stored operation is done already or no record has that name.</returns>
    bool RequestOperationCancel(string name);

    /// <summary>Removes the operations of these names (deleted, evicted, expired or reset); names with no record are skipped.</summary>
    void DeleteOperations(IReadOnlyCollection<string> names);

    /// <summary>Records a new job. Its name must be free in the store.</summary>
    /// <exception cref="Registry.OperationAlreadyExistsException">A job of that name is stored already; nothing was recorded.</exception>
    void InsertJob(StoredJob job);

    /// <summary>
    /// Replaces the changing part of a stored job (state, times, error,
    /// finished units, deletion under way). A job never ends twice: when the
    /// stored job has ended already, only <see cref="StoredJobState.Deleting"/>
    /// may still change, and a new terminal state is refused.
    /// </summary>
    /// <returns>False when no job has that name, or the stored job has ended and <paramref name="state"/> would end it again; nothing changed then.</returns>
    bool UpdateJob(string name, StoredJobState state);

    /// <summary>Removes the jobs of these names (deleted, evicted or reset); names with no record are skipped.</summary>
    void DeleteJobs(IReadOnlyCollection<string> names);

    /// <summary>Records the emulator clock's mode, rate and reading, after every change of them.</summary>
    void SaveClock(StoredClock clock);

    /// <summary>The stored record of one operation, or null; the memory store always answers null.</summary>
    StoredOperation? ReadOperation(string name);

    /// <summary>The stored record of one job, or null; the memory store always answers null.</summary>
    StoredJob? ReadJob(string name);

    /// <summary>
    /// Tells <paramref name="listener"/> when a record changes through another
    /// server sharing the store, so the registry and the engine refresh their
    /// working set from <see cref="ReadOperation"/>, <see cref="ReadJob"/> or
    /// the clock record. Changes made through this store object are never
    /// reported back to it. Stores used by one server only (memory, SQLite)
    /// keep the listener and never call it.
    /// </summary>
    void Subscribe(IStateStoreListener listener);
}
