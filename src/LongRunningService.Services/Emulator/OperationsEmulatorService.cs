using System.Text.RegularExpressions;
using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Contracts;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// <c>longrunning.emulator.v1.OperationsEmulator</c>: starts operations that
/// follow a script, so users and tests can exercise polling, waiting and
/// cancellation without any emulated Google service.
/// </summary>
internal sealed partial class OperationsEmulatorService(
    IOperationRegistry registry,
    ScriptedOperationRunner runner,
    IOptions<OperationsEmulatorOptions> options) : IGrpcService
{
    private readonly OperationsEmulatorOptions _options = options.Value;

    public ServiceDescriptor Descriptor => OperationsEmulatorReflection.Descriptor.FindTypeByName<ServiceDescriptor>("OperationsEmulator");

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<StartOperationRequest, Operation>(nameof(StartOperation), StartOperation);
        binder.MapUnary<BatchStartOperationsRequest, BatchStartOperationsResponse>(nameof(BatchStartOperations), BatchStartOperations);
    }

    public Task<Operation> StartOperation(StartOperationRequest request, ServerCallContext context)
    {
        var parent = ValidateParent(request.Parent);
        var script = ValidateScript(request.Script);
        if (request.OperationId.Length > 0 && !OperationIdPattern().IsMatch(request.OperationId))
        {
            throw RpcErrors.InvalidField(
                "operation_id",
                $"The field `operation_id` '{ClientText.Prefix(request.OperationId)}' is invalid: use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        var handle = request.OperationId.Length > 0
            ? StartNamed(OperationNames.Combine(parent, request.OperationId), script)
            : StartGenerated(parent, script);
        return Task.FromResult(handle.Current);
    }

    public Task<BatchStartOperationsResponse> BatchStartOperations(BatchStartOperationsRequest request, ServerCallContext context)
    {
        var parent = ValidateParent(request.Parent);
        var script = ValidateScript(request.Script);
        if (request.Count < 1 || request.Count > _options.MaxBatchSize)
        {
            throw RpcErrors.InvalidField("count", $"The field `count` must be between 1 and {_options.MaxBatchSize}; got {request.Count}.");
        }

        var response = new BatchStartOperationsResponse();
        var instant = (script.Duration?.ToTimeSpan() ?? TimeSpan.Zero) <= TimeSpan.Zero;
        var (result, error) = ScriptedOperationRunner.Outcome(script);
        Any? metadata = null;
        for (var i = 0; i < request.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            string name;
            if (instant)
            {
                // Done from the start: no work to run, so nothing but the result is kept.
                metadata ??= Any.Pack(FinishedMetadata(runner.NewMetadata()));
                name = AddCompleted(parent, metadata, result, error);
            }
            else
            {
                name = StartGenerated(parent, script).Name;
            }

            if (i == 0)
            {
                response.FirstOperation = name;
            }

            response.LastOperation = name;
            response.StartedCount++;
        }

        return Task.FromResult(response);
    }

    private OperationHandle StartNamed(string name, OperationScript script)
    {
        var metadata = runner.NewMetadata();
        OperationHandle handle;
        try
        {
            handle = registry.Start(name, Any.Pack(metadata));
        }
        catch (OperationAlreadyExistsException)
        {
            throw RpcErrors.AlreadyExists(OperationRequests.ResourceType, name, "Operation");
        }
        catch (RegistryFullException full)
        {
            throw RpcErrors.ResourceExhausted(full.Message);
        }

        runner.Run(handle, script, metadata);
        return handle;
    }

    // Generated IDs may meet a client-chosen one; the next ID is tried then.
    private OperationHandle StartGenerated(string parent, OperationScript script)
    {
        while (true)
        {
            try
            {
                return StartNamed(OperationNames.Combine(parent, registry.NewOperationId()), script);
            }
            catch (RpcException exception) when (exception.Code == Google.Rpc.Code.AlreadyExists)
            {
            }
        }
    }

    // The metadata and result objects are shared by every operation of a batch: held snapshots are never changed.
    private string AddCompleted(string parent, Any metadata, Any? response, Google.Rpc.Status? error)
    {
        while (true)
        {
            var operation = new Operation { Name = OperationNames.Combine(parent, registry.NewOperationId()), Done = true, Metadata = metadata };
            if (error is not null)
            {
                operation.Error = error;
            }
            else
            {
                operation.Response = response;
            }

            try
            {
                registry.AddCompleted(operation);
                return operation.Name;
            }
            catch (OperationAlreadyExistsException)
            {
            }
            catch (RegistryFullException full)
            {
                throw RpcErrors.ResourceExhausted(full.Message);
            }
        }
    }

    private static ScriptedOperationMetadata FinishedMetadata(ScriptedOperationMetadata metadata)
    {
        metadata.ProgressPercent = 100;
        metadata.EndTime = metadata.CreateTime;
        return metadata;
    }

    private static string ValidateParent(string parent)
    {
        if (parent.Length == 0)
        {
            return parent;
        }

        if (!OperationNames.IsWellFormedPath(parent) || parent == OperationNames.Collection
            || parent.EndsWith("/" + OperationNames.Collection, StringComparison.Ordinal))
        {
            throw RpcErrors.InvalidField(
                "parent",
                $"The field `parent` '{ClientText.Prefix(parent)}' is invalid: give a resource name such as 'projects/p/locations/l' (without '/operations'), or leave it empty for top-level operations.");
        }

        return parent;
    }

    private static OperationScript ValidateScript(OperationScript? script)
    {
        script ??= new OperationScript();
        if (script.Duration is { } duration && duration.ToTimeSpan() < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidField("script.duration", "The field `script.duration` must not be negative.");
        }

        if (script.CancelDelay is { } delay && delay.ToTimeSpan() < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidField("script.cancel_delay", "The field `script.cancel_delay` must not be negative.");
        }

        if (script.ProgressUpdates < 0 || script.ProgressUpdates > 1000)
        {
            throw RpcErrors.InvalidField("script.progress_updates", "The field `script.progress_updates` must be between 0 and 1000.");
        }

        if (script.OutcomeCase == OperationScript.OutcomeOneofCase.Error && script.Error.Code == 0)
        {
            throw RpcErrors.InvalidField("script.error", "The field `script.error` must have a non-zero code: an error with code OK is not a failure.");
        }

        return script;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex OperationIdPattern();
}
