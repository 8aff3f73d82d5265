using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Operations.Timing;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// The work behind the operations of Vertex deletions and batch
/// cancellations, written so that a restarted server can run it on: each is
/// described by its method's full name and the jobs it acts on, and timed
/// from when it started, so a deletion due while the server was down ends at once.
/// </summary>
internal sealed class VertexJobWork(JobEngine engine, IOperationRegistry registry, TimeProvider clock, ILogger<VertexJobWork> logger) : IOperationResumer
{
    /// <summary>The kind of every Vertex job operation's work.</summary>
    public const string WorkKind = "vertex-jobs";

    private const int MaxJobs = 64;

    public string Kind => WorkKind;

    /// <summary>What a store records of the work of <paramref name="method"/> on <paramref name="jobs"/>, started at <paramref name="created"/>.</summary>
    public static OperationWork Describe(MethodDescriptor method, IEnumerable<SimulatedJob> jobs, DateTimeOffset created)
    {
        var payload = new ListValue();
        payload.Values.Add(Value.ForString(method.FullName));
        payload.Values.Add(Value.ForList([.. jobs.Select(j => Value.ForString(j.Name))]));
        return new OperationWork(WorkKind, payload.ToByteString(), created);
    }

    /// <summary>Deletes <paramref name="job"/> once the deletion's time, from <paramref name="created"/>, has passed.</summary>
    public async Task<IMessage> DeleteAsync(SimulatedJob job, DateTimeOffset created)
    {
        await clock.DelayUntilAsync(created + engine.Profiles.For(job.Name).DeleteDuration, CancellationToken.None);
        engine.CompleteDelete(job);
        return new Empty();
    }

    /// <summary>Once every job of a batch cancellation has ended, the batch response listing them.</summary>
    public static async Task<IMessage> CancelBatchAsync(MessageDescriptor responseType, JobResourceType type, IReadOnlyList<SimulatedJob> jobs)
    {
        await Task.WhenAll(jobs.Select(j => j.Ended));
        return BatchResponse(responseType, type, jobs);
    }

    /// <summary>Deletes the jobs of a batch once the deletion's time has passed; answers <paramref name="response"/>.</summary>
    public async Task<IMessage> DeleteBatchAsync(string parent, IReadOnlyList<SimulatedJob> jobs, IMessage response, DateTimeOffset created)
    {
        await clock.DelayUntilAsync(created + engine.Profiles.For(parent).DeleteDuration, CancellationToken.None);
        foreach (var job in jobs)
        {
            engine.CompleteDelete(job);
        }

        return response;
    }

    /// <summary>A batch method's response listing <paramref name="jobs"/> as they are now.</summary>
    public static IMessage BatchResponse(MessageDescriptor responseType, JobResourceType type, IEnumerable<SimulatedJob> jobs)
    {
        var response = responseType.Parser.ParseFrom(ByteString.Empty);
        var items = (IList)responseType.Fields.InDeclarationOrder().First(f => f.IsRepeated && f.FieldType == FieldType.Message).Accessor.GetValue(response);
        foreach (var job in jobs)
        {
            items.Add(VertexJobService.As(type, job.Snapshot));
        }

        return response;
    }

    public void Resume(OperationHandle handle, OperationWork work)
    {
        var (service, method, names) = Read(work.Payload);
        var (type, shape) = VertexMethodShapes.Match(method, VertexJobService.JobTypesOf(service.File));
        var (metadataType, responseType) = VertexOperations.TypesOf(method);
        if (type is null)
        {
            throw new FormatException($"Method '{method.FullName}' acts on no emulated job.");
        }

        // Jobs removed meanwhile (a reset) are simply not there any more.
        var jobs = names.Select(engine.Get).OfType<SimulatedJob>().ToList();
        var parent = VertexNames.LocationOf(handle.Name);
        Func<Task<IMessage>> run = shape switch
        {
            VertexMethodShape.Delete when jobs.Count == 1 => () => DeleteAsync(jobs[0], work.StartedAt),
            VertexMethodShape.Delete => () => Task.FromResult<IMessage>(new Empty()),
            VertexMethodShape.BatchCancel => () => CancelBatchAsync(responseType, type, jobs),
            VertexMethodShape.BatchDelete => () => DeleteBatchAsync(parent, jobs, BatchResponse(responseType, type, jobs), work.StartedAt),
            _ => throw new FormatException($"Method '{method.FullName}' runs no job operation."),
        };
        new VertexOperations(registry, clock, Operations.ApiNames.Of(service), logger).Resume(handle, metadataType, work.StartedAt, run);
    }

    private static (ServiceDescriptor Service, MethodDescriptor Method, IReadOnlyList<string> Jobs) Read(ByteString payload)
    {
        ListValue list;
        try
        {
            list = ListValue.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new FormatException(exception.Message, exception);
        }

        if (list.Values.Count != 2 || list.Values[1].ListValue is not { Values.Count: <= MaxJobs } jobs)
        {
            throw new FormatException("Not the description of a Vertex job operation.");
        }

        var fullName = list.Values[0].StringValue;
        foreach (var service in VertexJobCatalog.Services)
        {
            if (service.Methods.FirstOrDefault(m => m.FullName == fullName) is { } method)
            {
                return (service, method, [.. jobs.Values.Select(v => v.StringValue)]);
            }
        }

        throw new FormatException("The method of a Vertex job operation is not one this server serves.");
    }
}
