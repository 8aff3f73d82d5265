using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// Holds long-running operations by full resource name, in memory, and
/// records every change in an <see cref="Storage.IStateStore"/> (which may keep
/// nothing, or write a file or a shared database) before it takes effect.
/// Any change below may throw <see cref="Storage.StateStoreException"/> when
/// the store cannot record it; memory is then unchanged.
/// </summary>
internal interface IOperationRegistry
{
    /// <summary>How many operations are held.</summary>
    int Count { get; }

    /// <summary>Adds a running operation and returns the handle its work reports through.</summary>
    /// <param name="name">The operation's full name.</param>
    /// <param name="metadata">Its first metadata.</param>
    /// <param name="api">The API whose method made it (e.g. <c>aiplatform.googleapis.com</c>), or null for an operation of no API (the emulator's own).</param>
    /// <param name="needsRoom">
    /// False for the operations of deletions and cancellations, which are
    /// taken even when the registry is full of running work (up to twice its
    /// capacity), since freeing room must never need room.
    /// </param>
    /// <param name="work">
    /// What runs behind the operation, recorded with it so that a restarted
    /// server resumes it (see <see cref="Storage.OperationWork"/>); null for
    /// work that cannot be resumed, which a restarted server ends at once.
    /// </param>
    /// <exception cref="OperationAlreadyExistsException">The name is taken.</exception>
    /// <exception cref="RegistryFullException">Only running operations are held and there is no room.</exception>
    /// <exception cref="Storage.StateStoreException">The store could not record it; nothing was added.</exception>
    OperationHandle Start(string name, Any? metadata, string? api = null, bool needsRoom = true, Storage.OperationWork? work = null);

    /// <summary>
    /// Adds <paramref name="count"/> operations with generated IDs under
    /// <paramref name="parent"/>, all or none: running ones with
    /// <paramref name="metadata"/>, or, when <paramref name="done"/> is given,
    /// done ones sharing its metadata and result. Running ones share <paramref name="work"/>.
    /// </summary>
    /// <exception cref="RegistryFullException">There is no room for all of them; none was added.</exception>
    IReadOnlyList<OperationHandle> StartBatch(string parent, int count, Any? metadata, Operation? done, Storage.OperationWork? work = null);

    /// <summary>Adds an operation that is done already (used to load state and for bulk creation), of <paramref name="api"/> or of none.</summary>
    void AddCompleted(Operation operation, string? api = null);

    /// <summary>A new operation ID, unique among those this registry generated.</summary>
    string NewOperationId();

    /// <summary>The latest state, or null when no operation has that name.</summary>
    Operation? Get(string name);

    /// <summary>The latest state of every operation whose name matches, oldest first (to export state).</summary>
    IReadOnlyList<Operation> Where(Func<string, bool> namePredicate);

    /// <summary>
    /// Operations directly under <paramref name="parent"/>, oldest first, after position <paramref name="afterSequence"/>.
    /// With <paramref name="apis"/>, only those that one of these APIs made or that no API made.
    /// </summary>
    OperationPage List(string parent, Func<Operation, bool> predicate, int pageSize, long afterSequence, IReadOnlyCollection<string>? apis = null);

    /// <summary>Signals the operation's work to stop. Returns at once.</summary>
    CancelOutcome RequestCancel(string name);

    /// <summary>Forgets an operation; its work goes on unobserved. False when no operation has that name.</summary>
    bool Delete(string name);

    /// <summary>Forgets every operation whose name matches, telling running work to stop; returns how many.</summary>
    int RemoveWhere(Func<string, bool> namePredicate);

    /// <summary>
    /// The operation once it is done or when <paramref name="timeout"/> passes,
    /// whichever is first; null when no operation has that name.
    /// </summary>
    Task<Operation?> WaitAsync(string name, TimeSpan timeout, CancellationToken cancellationToken);
}
