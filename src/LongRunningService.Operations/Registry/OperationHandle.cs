using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// How the work behind an operation reports: progress metadata while it runs,
/// then exactly one result. Results after the first are ignored, which is what
/// makes cancellation best effort: whichever of the work and the cancellation
/// finishes first decides the outcome.
/// </summary>
internal sealed class OperationHandle
{
    private readonly InMemoryOperationRegistry _registry;
    private readonly TrackedOperation _entry;

    public OperationHandle(InMemoryOperationRegistry registry, TrackedOperation entry)
    {
        _registry = registry;
        _entry = entry;
    }

    public string Name => _entry.Name;

    /// <summary>Fires when a client asks to cancel the operation.</summary>
    public CancellationToken CancellationToken => _entry.CancellationToken;

    public bool IsDone => _entry.IsDone;

    /// <summary>Tells <paramref name="work"/> when a client asks to cancel, without a token per operation.</summary>
    public void OnCancelRequested(ICancellableWork work) => _entry.OnCancelRequested(work);

    public Operation Current => _entry.Snapshot;

    /// <summary>Replaces the progress metadata; ignored once the operation is done.</summary>
    public void UpdateMetadata(Any metadata) =>
        _registry.Publish(_entry, new Operation { Name = _entry.Name, Metadata = metadata });

    public bool TrySucceed(Any response, Any? metadata = null) =>
        _registry.Complete(_entry, new Operation { Name = _entry.Name, Done = true, Metadata = metadata ?? _entry.Snapshot.Metadata, Response = response });

    public bool TryFail(RpcStatus error, Any? metadata = null) =>
        _registry.Complete(_entry, new Operation { Name = _entry.Name, Done = true, Metadata = metadata ?? _entry.Snapshot.Metadata, Error = error });
}
