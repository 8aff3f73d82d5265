using Google.Protobuf;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Operations.Timing;
using LongRunningService.Services.Vertex;
using LongRunningService.Storage.Postgres;

namespace LongRunningService.Hosting;

/// <summary>
/// Joins this server to the others on one PostgreSQL database: the registry
/// and the engine read names they have not seen through to the database,
/// apply the changes other servers make as their NOTIFYs arrive, and run on
/// the work whose lease this server takes over. Nothing thrown here reaches
/// the store's listening or lease loops: a failure is logged, and the next
/// change or lease round tries again.
/// </summary>
internal sealed partial class SharedStateCoordinator(
    PostgresStateStore store,
    InMemoryOperationRegistry registry,
    JobEngine jobs,
    EmulatorClock clock,
    StoredStateLoader loader,
    ILogger<SharedStateCoordinator> logger) : IStateStoreListener, IWorkAdopter
{
    public void Start()
    {
        registry.ReadThroughTo(store.ReadOperation);
        jobs.ReadThroughTo(store.ReadJob, Materialize);
        store.Subscribe(this);
        store.StartLeases(this);
    }

    public void OperationChanged(string name, StoredOperation? stored) => Guarded(name, () => registry.ApplyStored(name, stored));

    public void OperationsCreated(IReadOnlyList<StoredOperation> operations)
    {
        foreach (var record in operations)
        {
            Guarded(record.Name, () => registry.ApplyStored(record.Name, record));
        }
    }

    public void JobChanged(string name, StoredJob? stored) => Guarded(name, () => jobs.ApplyStored(name, stored));

    /// <summary>Another server paused, ran, scaled or advanced the clock: this one reads the same from now on, and its timers fall due by it.</summary>
    public void ClockChanged(StoredClock stored) => Guarded("the clock", () => clock.Restore(stored));

    /// <summary>
    /// After the store could not tell of changes for a while: every stored record is applied as if its
    /// change had been heard, and a held one the read did not return is read again on its own (it may
    /// have been made here since) and dropped if it is gone.
    /// </summary>
    public void ChangesMissed(IReadOnlyList<StoredOperation> storedOperations, IReadOnlyList<StoredJob> storedJobs)
    {
        // A name read through before a removal missed in the gap would be held from then on: such reads are made again.
        registry.ChangesMayHaveBeenMissed();
        jobs.ChangesMayHaveBeenMissed();
        var operationNames = storedOperations.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var held in registry.Where(name => !operationNames.Contains(name)))
        {
            Guarded(held.Name, () => registry.ApplyStored(held.Name, store.ReadOperation(held.Name)));
        }

        foreach (var record in storedOperations)
        {
            Guarded(record.Name, () => registry.ApplyStored(record.Name, record));
        }

        var jobNames = storedJobs.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var held in jobs.Where(name => !jobNames.Contains(name)))
        {
            Guarded(held.Name, () => jobs.ApplyStored(held.Name, store.ReadJob(held.Name)));
        }

        foreach (var record in storedJobs)
        {
            Guarded(record.Name, () => jobs.ApplyStored(record.Name, record));
        }
    }

    public void AdoptOperation(string name) => Guarded(name, () =>
    {
        if (store.ReadOperation(name) is { State.Done: false } record)
        {
            foreach (var (handle, stored) in registry.TakeOver(record))
            {
                loader.Resume(handle, stored.Work);
            }
        }
    });

    public void AdoptJob(string name) => Guarded(name, () =>
    {
        if (store.ReadJob(name) is { } record)
        {
            jobs.TakeOver(record);
        }
    });

    private static (JobResourceType Type, IMessage Resource)? Materialize(StoredJob job) =>
        VertexJobCatalog.ForMessage(job.TypeName) is { } type
            ? (type, type.Descriptor.Parser.ParseFrom(job.Resource))
            : null;

    private void Guarded(string name, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception exception)
        {
            Log.ApplyFailed(logger, name, exception.Message.ReplaceLineEndings(" "));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "PostgreSQL: another server's change of {Name} was not applied here ({Reason}); the next change or read of it tries again.")]
        public static partial void ApplyFailed(ILogger logger, string name, string reason);
    }
}

/// <summary>The shared database as a condition of readiness: not ready while this server cannot listen to it or renew its leases.</summary>
internal sealed class PostgresReadiness(PostgresStateStore store) : LongRunningService.Protocol.Health.IReadinessCondition
{
    public bool IsReady => store.IsHealthy;
}

/// <summary>A call that needed the shared database while it was away ends UNAVAILABLE (worth a retry), not INTERNAL.</summary>
internal sealed class StoreUnavailableStatus : LongRunningService.Protocol.Grpc.Served.IFailureStatus
{
    public global::Grpc.Core.RpcException? StatusOf(Exception exception) =>
        exception is StateStoreException
            ? new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unavailable, exception.Message))
            : null;
}
