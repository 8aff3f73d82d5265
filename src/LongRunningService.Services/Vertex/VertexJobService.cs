using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Filtering;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Timing;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Emulator;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Paging;
using LongRunningService.Services.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// One Vertex AI service (PipelineService or JobService, v1 or v1beta1) over
/// the job engine. Its methods are bound by the AIP standard-method shapes the
/// descriptor shows: <c>Create{Job}</c>, <c>Get{Job}</c>, <c>List{Jobs}</c>,
/// <c>Cancel{Job}</c>, <c>Delete{Job}</c> for each emulated job type. Every
/// other method of the descriptor answers UNIMPLEMENTED.
/// </summary>
internal sealed class VertexJobService(
    ServiceDescriptor descriptor,
    JobEngine engine,
    IOperationRegistry operations,
    PageTokenCodec pageTokens,
    IOptions<OperationsServiceOptions> paging,
    IOptions<OperationsEmulatorOptions> limits,
    TimeProvider clock,
    VertexJobWork work,
    ILogger<VertexJobService> logger) : IGrpcService
{
    private readonly VertexOperations _lro = new(operations, clock, Operations.ApiNames.Of(descriptor), logger);

    /// <summary>The job families emulated; other resources of these services are not.</summary>
    public static readonly IReadOnlySet<string> EmulatedKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "PipelineJob", "TrainingPipeline", "CustomJob", "HyperparameterTuningJob", "NasJob", "BatchPredictionJob", "DataLabelingJob",
    };

    public ServiceDescriptor Descriptor { get; } = descriptor;

    public void Bind(GrpcServiceBinder binder)
    {
        var types = JobTypesOf(Descriptor.File);
        var trials = new NasTrialDetails(engine, pageTokens, paging.Value);
        var batches = new VertexBatchMethods(engine, _lro, work, clock);
        foreach (var method in Descriptor.Methods)
        {
            var handler = VertexMethodShapes.Match(method, types) switch
            {
                ({ } type, VertexMethodShape.Create) => Create(method, type),
                ({ } type, VertexMethodShape.Get) => Get(type),
                ({ } type, VertexMethodShape.List) => List(method, type),
                ({ } type, VertexMethodShape.Cancel) => Cancel(type),
                ({ } type, VertexMethodShape.Delete) => Delete(method, type),
                ({ } type, VertexMethodShape.BatchCancel) => batches.Cancel(method, type),
                ({ } type, VertexMethodShape.BatchDelete) => batches.Delete(method, type),
                ({ } type, VertexMethodShape.GetTrialDetail) => trials.Get(method, type),
                ({ } type, VertexMethodShape.ListTrialDetails) => trials.List(method, type),
                _ => null,
            };
            if (handler is not null)
            {
                binder.MapUnary(method.Name, handler);
            }
        }
    }

    /// <summary>The emulated job types a service's file reaches, by resource type name.</summary>
    internal static Dictionary<string, JobResourceType> JobTypesOf(FileDescriptor file)
    {
        var types = new Dictionary<string, JobResourceType>(StringComparer.Ordinal);
        foreach (var message in AllMessages(file))
        {
            if (EmulatedKinds.Contains(message.Name) && JobResourceType.TryCreate(message) is { } type)
            {
                types[type.ResourceTypeName] = type;
            }
        }

        return types;
    }

    private Func<IMessage, ServerCallContext, Task<IMessage>> Create(MethodDescriptor method, JobResourceType type)
    {
        var resourceField = method.InputType.Fields.InDeclarationOrder().First(f => f.FieldType == FieldType.Message && f.MessageType == type.Descriptor);
        var idField = method.InputType.FindFieldByName(resourceField.Name + "_id");
        var parentField = method.InputType.FindFieldByName("parent");
        return (request, context) =>
        {
            var parent = VertexNames.RequireLocation((string)parentField.Accessor.GetValue(request), "parent");
            var resource = (IMessage?)resourceField.Accessor.GetValue(request)
                ?? throw RpcErrors.RequiredField(resourceField.Name);
            var copy = type.Descriptor.Parser.ParseFrom(resource.ToByteArray());
            type.ClearOutputOnly(copy);
            RequireTopLevelFields(copy, resourceField.Name);
            StoredContent.Require(copy, resourceField.Name);
            var id = idField is null ? string.Empty : (string)idField.Accessor.GetValue(request);
            if (id.Length > 0)
            {
                VertexNames.RequireClientId(id, idField!.Name);
            }

            JobScript script;
            try
            {
                script = JobScript.FromLabels(type.Labels(copy), engine.Profiles.For(parent), limits.Value.MaxScriptDuration);
            }
            catch (FormatException exception)
            {
                throw RpcErrors.InvalidField(resourceField.Name + ".labels", exception.Message);
            }

            try
            {
                return Task.FromResult(engine.Create(type, parent, id, copy, script).Created);
            }
            catch (OperationAlreadyExistsException exists)
            {
                throw RpcErrors.AlreadyExists(type.ResourceTypeName, exists.Name, type.Kind);
            }
            catch (RegistryFullException)
            {
                throw RpcErrors.ResourceExhausted($"The server holds {engine.Count} jobs, its configured maximum; delete some or raise Jobs:MaxJobs.");
            }
        };
    }

    private Func<IMessage, ServerCallContext, Task<IMessage>> Get(JobResourceType type) => (request, context) =>
    {
        var job = Find(type, Name(request, type));
        return Task.FromResult(As(type, job.Snapshot));
    };

    private Func<IMessage, ServerCallContext, Task<IMessage>> Cancel(JobResourceType type) => (request, context) =>
    {
        var name = Name(request, type);
        var job = Find(type, name);
        if (engine.Cancel(name, out _) == JobCancelOutcome.AlreadyEnded)
        {
            var state = type.StateName(job.Status.State);
            throw RpcErrors.FailedPrecondition(name, "STATE", $"The {type.Kind} \"{name}\" is in state {state} and cannot be canceled.");
        }

        return Task.FromResult<IMessage>(new Empty());
    };

    private Func<IMessage, ServerCallContext, Task<IMessage>> Delete(MethodDescriptor method, JobResourceType type)
    {
        var (metadataType, _) = VertexOperations.TypesOf(method);
        return (request, context) =>
    {
        var name = Name(request, type);
        var job = Find(type, name);
        switch (engine.BeginDelete(name, out _))
        {
            case JobDeleteOutcome.NotEnded:
                var state = type.StateName(job.Status.State);
                throw RpcErrors.FailedPrecondition(name, "STATE", $"The {type.Kind} \"{name}\" is in state {state} and cannot be deleted; cancel it and wait until it ends first.");
            case JobDeleteOutcome.AlreadyDeleting:
                throw RpcErrors.FailedPrecondition(name, "STATE", $"The {type.Kind} \"{name}\" is being deleted already.");
            case JobDeleteOutcome.NotFound:
                throw NotFound(type, name);
        }

        var created = clock.GetUtcNow();
        return Task.FromResult<IMessage>(_lro.Start(VertexNames.LocationOf(name), metadataType, created, VertexJobWork.Describe(method, [job], created), () => work.DeleteAsync(job, created)));
    };
    }

    private Func<IMessage, ServerCallContext, Task<IMessage>> List(MethodDescriptor method, JobResourceType type)
    {
        var input = method.InputType;
        var output = method.OutputType;
        var itemsField = output.Fields.InDeclarationOrder().First(f => f.IsRepeated && f.FieldType == FieldType.Message && f.MessageType == type.Descriptor);
        var tokenField = output.FindFieldByName("next_page_token");
        var orderField = input.FindFieldByName("order_by");
        var maskField = input.FindFieldByName("read_mask");
        var options = paging.Value;
        return (request, context) =>
        {
            var parent = VertexNames.RequireLocation(StringField(request, "parent"), "parent");
            var filterText = StringField(request, "filter");
            var orderBy = orderField is null ? string.Empty : (string)orderField.Accessor.GetValue(request);
            var mask = maskField is null ? null : (FieldMask?)maskField.Accessor.GetValue(request);
            if (mask is { Paths.Count: > 0 } && !FieldMask.IsValid(type.Descriptor, mask))
            {
                throw RpcErrors.InvalidField("read_mask", $"The field `read_mask` names paths that {type.Kind} does not have: {string.Join(",", mask.Paths)}.");
            }

            var pageSize = PageSize.Resolve((int)input.FindFieldByName("page_size").Accessor.GetValue(request), options.DefaultPageSize, options.MaxPageSize);
            Filter<SimulatedJob> filter;
            try
            {
                filter = Filter<SimulatedJob>.Parse(filterText, JobFilterSchemas.For(type));
            }
            catch (FilterException exception)
            {
                throw RpcErrors.InvalidField("filter", exception.Message);
            }

            var order = JobOrdering.Parse(orderBy, orderField is not null);
            var scope = $"{type.ResourceTypeName}\n{parent}\n{filterText}\n{orderBy}";
            var token = StringField(request, "page_token");
            var after = token.Length == 0 ? null : pageTokens.Decode(token, scope, 2);
            var page = order.Page(engine.Under(type, parent).Where(filter.Matches), after, pageSize);

            var response = output.Parser.ParseFrom(ByteString.Empty);
            var items = (System.Collections.IList)itemsField.Accessor.GetValue(response);
            foreach (var job in page.Jobs)
            {
                items.Add(Mask(type, As(type, job.Snapshot), mask));
            }

            if (page.Next is { } next)
            {
                tokenField.Accessor.SetValue(response, pageTokens.Encode(next, scope));
            }

            return Task.FromResult(response);
        };
    }

    internal static string Name(IMessage request, JobResourceType type) =>
        VertexNames.RequireResource(StringField(request, "name"), "name", type.Collection, type.Kind);

    internal SimulatedJob Find(JobResourceType type, string name) =>
        engine.Get(name) is { } job && job.Type.Collection == type.Collection ? job : throw NotFound(type, name);

    internal static RpcException NotFound(JobResourceType type, string name) =>
        RpcErrors.NotFound(type.ResourceTypeName, name, type.Kind);

    // A job made through one API version, read through another: the versions share the wire format.
    internal static IMessage As(JobResourceType type, IMessage snapshot) =>
        snapshot.Descriptor == type.Descriptor ? snapshot : type.Descriptor.Parser.ParseFrom(snapshot.ToByteArray());

    private static IMessage Mask(JobResourceType type, IMessage item, FieldMask? mask)
    {
        if (mask is not { Paths.Count: > 0 })
        {
            return item;
        }

        var masked = type.Descriptor.Parser.ParseFrom(ByteString.Empty);
        mask.Merge(item, masked);
        return masked;
    }

    internal static string StringField(IMessage message, string field) =>
        (string)message.Descriptor.FindFieldByName(field).Accessor.GetValue(message);

    // AIP-203: a REQUIRED field of the resource must be set on create.
    private static void RequireTopLevelFields(IMessage resource, string prefix)
    {
        foreach (var field in resource.Descriptor.Fields.InDeclarationOrder())
        {
            var behaviors = field.GetOptions()?.GetExtension(Google.Api.FieldBehaviorExtensions.FieldBehavior);
            if (behaviors is null || !behaviors.Contains(Google.Api.FieldBehavior.Required))
            {
                continue;
            }

            var value = field.Accessor.GetValue(resource);
            var missing = value switch
            {
                null => true,
                string text => text.Length == 0,
                System.Collections.ICollection collection => collection.Count == 0,
                _ => false,
            };
            if (missing)
            {
                throw RpcErrors.RequiredField($"{prefix}.{field.Name}");
            }
        }
    }

    private static MessageDescriptor FindMessage(FileDescriptor file, string name) =>
        AllMessages(file).First(m => m.Name == name && m.File.Package == file.Package);

    private static IEnumerable<MessageDescriptor> AllMessages(FileDescriptor root)
    {
        var seen = new HashSet<FileDescriptor>();
        var pending = new Stack<FileDescriptor>([root]);
        while (pending.TryPop(out var file))
        {
            if (!seen.Add(file))
            {
                continue;
            }

            foreach (var message in file.MessageTypes)
            {
                yield return message;
            }

            foreach (var dependency in file.Dependencies)
            {
                pending.Push(dependency);
            }
        }
    }
}
