using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Services.Vertex;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Tests.Registry;

/// <summary>
/// A server sharing a database reads a name it does not hold through to the
/// store. When another server's removal of that name is heard while the read is
/// in progress, the record read is older than the removal: the server must not
/// hold it afterwards, or the name would answer long after it was deleted. When
/// the store's changes may have been missed (its feed was cut off) during the
/// read, the read is made again.
/// </summary>
public sealed class SharedReadThroughTests
{
    private const string OperationName = "projects/p/locations/l/operations/7";
    private const string JobName = "projects/p/locations/l/pipelineJobs/j7";

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Operation_RemovalHeardDuringItsReadThrough_IsNotHeldAfterwards()
    {
        using var registry = CreateRegistry();
        var store = new Store<StoredOperation>(StoredOperationOf(OperationName), () => registry.ApplyStored(OperationName, null), keptAfter: false);
        registry.ReadThroughTo(store.Read);

        Assert.Null(registry.Get(OperationName));
        Assert.Null(registry.Get(OperationName)); // read again, and gone from the store by now
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public void Operation_ReadThroughWithNoRemovalHeard_IsHeldFromThenOn()
    {
        using var registry = CreateRegistry();
        var store = new Store<StoredOperation>(StoredOperationOf(OperationName), () => { }, keptAfter: true);
        registry.ReadThroughTo(store.Read);

        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public void Operation_RemovalOfAnotherNameHeardDuringTheRead_DoesNotSpoilIt()
    {
        using var registry = CreateRegistry();
        var store = new Store<StoredOperation>(
            StoredOperationOf(OperationName), () => registry.ApplyStored("projects/p/locations/l/operations/8", null), keptAfter: true);
        registry.ReadThroughTo(store.Read);

        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
        Assert.Equal(1, store.Reads);
    }

    [Theory]
    [InlineData(false)] // removed during the gap, which no change told of
    [InlineData(true)]
    public void Operation_ChangesMissedDuringItsReadThrough_IsReadAgain(bool keptAfter)
    {
        using var registry = CreateRegistry();
        var store = new Store<StoredOperation>(StoredOperationOf(OperationName), registry.ChangesMayHaveBeenMissed, keptAfter);
        registry.ReadThroughTo(store.Read);

        Assert.Equal(keptAfter ? OperationName : null, registry.Get(OperationName)?.Name);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public void Job_RemovalHeardDuringItsReadThrough_IsNotHeldAfterwards()
    {
        var engine = CreateEngine();
        var store = new Store<StoredJob>(StoredJobOf(JobName), () => engine.ApplyStored(JobName, null), keptAfter: false);
        engine.ReadThroughTo(store.Read, Materialize);

        Assert.Null(engine.Get(JobName));
        Assert.Null(engine.Get(JobName));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public void Job_ReadThroughWithNoRemovalHeard_IsHeldFromThenOn()
    {
        var engine = CreateEngine();
        var store = new Store<StoredJob>(StoredJobOf(JobName), () => { }, keptAfter: true);
        engine.ReadThroughTo(store.Read, Materialize);

        Assert.Equal(JobName, engine.Get(JobName)!.Name);
        Assert.Equal(JobName, engine.Get(JobName)!.Name);
        Assert.Equal(1, store.Reads);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Job_ChangesMissedDuringItsReadThrough_IsReadAgain(bool keptAfter)
    {
        var engine = CreateEngine();
        var store = new Store<StoredJob>(StoredJobOf(JobName), engine.ChangesMayHaveBeenMissed, keptAfter);
        engine.ReadThroughTo(store.Read, Materialize);

        Assert.Equal(keptAfter ? JobName : null, engine.Get(JobName)?.Name);
        Assert.Equal(2, store.Reads);
    }

    private InMemoryOperationRegistry CreateRegistry() =>
        new(Options.Create(new OperationRegistryOptions { MaxOperations = 100, Retention = TimeSpan.FromHours(1) }), _clock);

    private JobEngine CreateEngine()
    {
        var options = Options.Create(new JobEngineOptions());
        return new JobEngine(new JobRunner(_clock, NullLogger<JobRunner>.Instance), _clock, options, new LatencyProfiles(options));
    }

    private static StoredOperation StoredOperationOf(string name) =>
        new(name, Sequence: 7, Api: null, new Operation { Name = name }, CompletedAt: null, CancelRequested: false, Work: null);

    private StoredJob StoredJobOf(string name)
    {
        var now = _clock.GetUtcNow();
        var resource = new PipelineJob { Name = name, DisplayName = "read through" };
        var script = new JobScript(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromHours(1), Fails: false, Google.Rpc.Code.Ok, IgnoreCancellation: false, TimeSpan.Zero);
        var status = new JobStatus(name, JobLifecycleState.Queued, now, null, null, now, null);
        return new StoredJob(
            name, PipelineJob.Descriptor.FullName, "projects/p/locations/l", Sequence: 7, Google.Protobuf.MessageExtensions.ToByteString(resource), script, now,
            new StoredJobState(status, [(JobLifecycleState.Queued, now)], [], Deleting: false));
    }

    private static (JobResourceType Type, Google.Protobuf.IMessage Resource)? Materialize(StoredJob job) =>
        VertexJobCatalog.ForMessage(job.TypeName) is { } type ? (type, type.Descriptor.Parser.ParseFrom(job.Resource)) : null;

    /// <summary>
    /// The shared store as one name's read sees it: the record, with <paramref name="duringFirstRead"/>
    /// happening while the first read is on its way back; after that the record, or nothing.
    /// </summary>
    private sealed class Store<T>(T record, Action duringFirstRead, bool keptAfter)
        where T : class
    {
        public int Reads { get; private set; }

        public T? Read(string name)
        {
            if (++Reads == 1)
            {
                duringFirstRead();
                return record;
            }

            return keptAfter ? record : null;
        }
    }
}
