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
/// hold it afterwards, or the name would answer long after it was deleted.
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
        var stored = StoredOperationOf(OperationName);
        var reads = 0;
        registry.ReadThroughTo(name =>
        {
            reads++;
            if (reads == 1)
            {
                registry.ApplyStored(name, null); // heard while this read was on its way back
                return stored;
            }

            return null; // the store has it no more
        });

        Assert.Null(registry.Get(OperationName));
        Assert.Null(registry.Get(OperationName));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void Operation_ReadThroughWithNoRemovalHeard_IsHeldFromThenOn()
    {
        using var registry = CreateRegistry();
        var stored = StoredOperationOf(OperationName);
        var reads = 0;
        registry.ReadThroughTo(_ =>
        {
            reads++;
            return stored;
        });

        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void Operation_RemovalOfAnotherNameHeardDuringTheRead_DoesNotSpoilIt()
    {
        using var registry = CreateRegistry();
        var stored = StoredOperationOf(OperationName);
        registry.ReadThroughTo(_ =>
        {
            registry.ApplyStored("projects/p/locations/l/operations/8", null);
            return stored;
        });

        Assert.Equal(OperationName, registry.Get(OperationName)!.Name);
    }

    [Fact]
    public void Job_RemovalHeardDuringItsReadThrough_IsNotHeldAfterwards()
    {
        var engine = CreateEngine();
        var stored = StoredJobOf(JobName);
        var reads = 0;
        engine.ReadThroughTo(
            name =>
            {
                reads++;
                if (reads == 1)
                {
                    engine.ApplyStored(name, null);
                    return stored;
                }

                return null;
            },
            Materialize);

        Assert.Null(engine.Get(JobName));
        Assert.Null(engine.Get(JobName));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void Job_ReadThroughWithNoRemovalHeard_IsHeldFromThenOn()
    {
        var engine = CreateEngine();
        var stored = StoredJobOf(JobName);
        var reads = 0;
        engine.ReadThroughTo(
            _ =>
            {
                reads++;
                return stored;
            },
            Materialize);

        Assert.Equal(JobName, engine.Get(JobName)!.Name);
        Assert.Equal(JobName, engine.Get(JobName)!.Name);
        Assert.Equal(1, reads);
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
}
