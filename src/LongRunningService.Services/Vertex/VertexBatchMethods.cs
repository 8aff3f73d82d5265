using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Contracts;
using LongRunningService.Operations.Jobs;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// <c>BatchCancelPipelineJobs</c> and <c>BatchDeletePipelineJobs</c>: up to 32
/// jobs of one parent, tracked by one operation. Every name is checked before
/// anything changes, so a bad batch fails as a whole with an RPC error.
/// Batch cancel skips jobs that have ended and finishes when the cancelled
/// ones have; batch delete refuses the batch if any job is still active.
/// </summary>
internal sealed class VertexBatchMethods(JobEngine engine, VertexOperations operations, VertexJobWork work, TimeProvider clock)
{
    private const int MaxBatch = 32;

    public Func<IMessage, ServerCallContext, Task<IMessage>> Cancel(MethodDescriptor method, JobResourceType type)
    {
        var (metadataType, responseType) = VertexOperations.TypesOf(method);
        return (request, context) =>
        {
            var (parent, jobs) = Resolve(request, type);
            foreach (var job in jobs)
            {
                engine.Cancel(job.Name, out _);
            }

            var created = clock.GetUtcNow();
            return Task.FromResult<IMessage>(operations.Start(parent, metadataType, created, VertexJobWork.Describe(method, jobs, created), () => VertexJobWork.CancelBatchAsync(responseType, type, jobs)));
        };
    }

    public Func<IMessage, ServerCallContext, Task<IMessage>> Delete(MethodDescriptor method, JobResourceType type)
    {
        var (metadataType, responseType) = VertexOperations.TypesOf(method);
        return (request, context) =>
        {
            var (parent, jobs) = Resolve(request, type);
            if (jobs.FirstOrDefault(j => !j.Status.State.IsTerminal()) is { } active)
            {
                throw RpcErrors.FailedPrecondition(active.Name, "STATE", $"The {type.Kind} \"{active.Name}\" is in state {type.StateName(active.Status.State)} and cannot be deleted; no job of the batch was deleted.");
            }

            var started = new List<SimulatedJob>();
            foreach (var job in jobs)
            {
                if (engine.BeginDelete(job.Name, out _) == JobDeleteOutcome.Started)
                {
                    started.Add(job);
                }
            }

            var response = VertexJobWork.BatchResponse(responseType, type, started);
            var created = clock.GetUtcNow();
            return Task.FromResult<IMessage>(operations.Start(parent, metadataType, created, VertexJobWork.Describe(method, started, created), () => work.DeleteBatchAsync(parent, started, response, created)));
        };
    }

    private (string Parent, List<SimulatedJob> Jobs) Resolve(IMessage request, JobResourceType type)
    {
        var parent = VertexNames.RequireLocation(VertexJobService.StringField(request, "parent"), "parent");
        var names = ((IList)request.Descriptor.FindFieldByName("names").Accessor.GetValue(request)).Cast<string>().ToList();
        if (names.Count is 0 or > MaxBatch)
        {
            throw RpcErrors.InvalidField("names", $"The field `names` must hold 1 to {MaxBatch} names; got {names.Count}.");
        }

        var jobs = new List<SimulatedJob>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            VertexNames.RequireResource(name, "names", type.Collection, type.Kind);
            if (!name.StartsWith(parent + "/", StringComparison.Ordinal))
            {
                throw RpcErrors.InvalidField("names", $"{type.Kind} '{ClientText.Prefix(name)}' is not under the parent '{ClientText.Prefix(parent)}'.");
            }

            jobs.Add(engine.Get(name) is { } job && job.Type.Collection == type.Collection ? job : throw VertexJobService.NotFound(type, name));
        }

        return (parent, jobs);
    }
}
