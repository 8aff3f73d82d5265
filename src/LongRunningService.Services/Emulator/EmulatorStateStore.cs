using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Contracts;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Operations.Storage;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Validation;
using LongRunningService.Services.Vertex;
using Microsoft.Extensions.Options;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Writes out and loads the operations and jobs the server holds, as an
/// <see cref="EmulatorState"/> (see its proto for what loading keeps and how
/// unfinished work goes on). Loading checks every entry before it adds any.
/// </summary>
internal sealed class EmulatorStateStore(
    IOperationRegistry operations,
    JobEngine jobs,
    LatencyProfiles profiles,
    IOptions<OperationsEmulatorOptions> limits,
    TimeProvider clock) : IOperationResumer
{
    /// <summary>The work kind of a running operation loaded from a state: it runs until a client cancels it.</summary>
    public const string UntilCancelled = "until-cancelled";

    public string Kind => UntilCancelled;

    public void Resume(OperationHandle handle, OperationWork work) => EndWhenCancelled(handle);

    /// <summary>Everything, or what belongs to <c>projects/{project}</c> when <paramref name="project"/> is not empty.</summary>
    public EmulatorState Export(string project)
    {
        var owned = ProjectFilter.Owns(project);
        var state = new EmulatorState();
        state.Operations.Add(operations.Where(owned));
        state.Jobs.Add(jobs.Where(owned).Select(job => Any.Pack(job.Snapshot)));
        return state;
    }

    /// <exception cref="RpcException">INVALID_ARGUMENT or ALREADY_EXISTS naming the first bad entry; nothing is loaded then.</exception>
    public ImportStateResponse Import(EmulatorState state, bool replace)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var loadedOperations = state.Operations.Select((operation, index) => CheckOperation(operation, $"state.operations[{index}]", names, replace)).ToList();
        var loadedJobs = state.Jobs.Select((job, index) => CheckJob(job, $"state.jobs[{index}]", names, replace)).ToList();

        var response = new ImportStateResponse();
        if (replace)
        {
            response.OperationsRemoved = operations.RemoveWhere(_ => true);
            response.JobsRemoved = jobs.RemoveWhere(_ => true);
        }

        try
        {
            foreach (var operation in loadedOperations)
            {
                Load(operation);
                response.OperationsImported++;
            }

            foreach (var job in loadedJobs)
            {
                jobs.Restore(job.Type, VertexNames.LocationOf(job.Status.Name), job.Resource, job.Script, job.Status);
                response.JobsImported++;
            }
        }
        catch (OperationAlreadyExistsException exists)
        {
            // Only when a client created the same name while this loaded.
            throw RpcErrors.AlreadyExists(OperationRequests.ResourceType, exists.Name, "Resource");
        }
        catch (RegistryFullException)
        {
            throw RpcErrors.ResourceExhausted("The state holds more operations or jobs than the server's configured maximum (Operations:MaxOperations, Jobs:MaxJobs).");
        }

        return response;
    }

    private Operation CheckOperation(Operation operation, string field, HashSet<string> names, bool replace)
    {
        var name = OperationRequests.RequireOperationName(operation.Name, field + ".name");
        if (!names.Add(name) || (!replace && operations.Get(name) is not null))
        {
            throw RpcErrors.AlreadyExists(OperationRequests.ResourceType, name, "Operation");
        }

        if (!operation.Done && operation.ResultCase != Operation.ResultOneofCase.None)
        {
            throw RpcErrors.InvalidField(field, $"Operation '{ClientText.Prefix(name)}' has a result but is not done; set `done` or drop the result.");
        }

        StoredContent.Require(operation, field);

        return operation;
    }

    private LoadedJob CheckJob(Any entry, string field, HashSet<string> names, bool replace)
    {
        var type = VertexJobCatalog.ForMessage(Any.GetTypeName(entry.TypeUrl))
            ?? throw RpcErrors.InvalidField(field, $"'{ClientText.Prefix(entry.TypeUrl)}' is not a job type this server runs; use one of: {string.Join(", ", VertexJobCatalog.MessageNames)}.");
        IMessage resource;
        try
        {
            resource = type.Descriptor.Parser.ParseFrom(entry.Value);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw RpcErrors.InvalidField(field, $"The {type.Kind} cannot be read: {exception.Message}");
        }

        var name = VertexNames.RequireResource(type.GetString(resource, "name") ?? string.Empty, field + ".name", type.Collection, type.Kind);
        StoredContent.Require(resource, field);
        if (!names.Add(name) || (!replace && jobs.Get(name) is not null))
        {
            throw RpcErrors.AlreadyExists(type.ResourceTypeName, name, type.Kind);
        }

        try
        {
            var status = type.ReadStatus(resource, clock.GetUtcNow());
            var script = JobScript.FromLabels(type.Labels(resource), profiles.For(name), limits.Value.MaxScriptDuration);
            return new LoadedJob(type, resource, status, script);
        }
        catch (FormatException exception)
        {
            throw RpcErrors.InvalidField(field, $"{type.Kind} '{ClientText.Prefix(name)}': {exception.Message}");
        }
    }

    // A done operation stays as it is; one that is not runs until a client cancels it. Either keeps the API its types belong to.
    private void Load(Operation operation)
    {
        var api = LoadedOperationApis.Of(operation);
        if (operation.Done)
        {
            operations.AddCompleted(operation, api);
            return;
        }

        var handle = operations.Start(operation.Name, operation.Metadata, api, work: new OperationWork(UntilCancelled, ByteString.Empty, clock.GetUtcNow()));
        EndWhenCancelled(handle);
    }

    private static void EndWhenCancelled(OperationHandle handle) =>
        handle.CancellationToken.Register(() => handle.TryFail(new RpcStatus { Code = (int)Code.Cancelled, Message = ScriptedOperationRunner.CancelledMessage }));

    private sealed record LoadedJob(JobResourceType Type, IMessage Resource, JobStatus Status, JobScript Script);
}
