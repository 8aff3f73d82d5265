using System.Text.RegularExpressions;
using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Contracts;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Validation;
using Microsoft.Extensions.Options;
using LongRunningService.Protocol.Diagnostics;

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

        return Task.FromResult(request.OperationId.Length > 0
            ? StartNamed(OperationNames.Combine(parent, request.OperationId), script)
            : StartGenerated(parent, script));
    }

    public Task<BatchStartOperationsResponse> BatchStartOperations(BatchStartOperationsRequest request, ServerCallContext context)
    {
        var parent = ValidateParent(request.Parent);
        var script = ValidateScript(request.Script);
        if (request.Count < 1 || request.Count > _options.MaxBatchSize)
        {
            throw RpcErrors.InvalidField("count", $"The field `count` must be between 1 and {_options.MaxBatchSize}; got {request.Count}.");
        }

        var created = runner.Clock.GetUtcNow();
        var metadata = runner.NewMetadata(created);
        var instant = ScriptedOperationRunner.EndsAtOnce(script);
        // Done from the start: no work to run, so nothing but the result is kept, shared by the batch.
        var done = instant ? ScriptedOperationRunner.WithOutcome(new Operation { Done = true, Metadata = Any.Pack(FinishedMetadata(metadata)) }, script) : null;

        IReadOnlyList<OperationHandle> handles;
        try
        {
            handles = registry.StartBatch(parent, request.Count, done is null ? Any.Pack(metadata) : null, done, done is null ? ScriptedOperationRunner.Work(script, created) : null);
        }
        catch (RegistryFullException full)
        {
            throw RpcErrors.ResourceExhausted(
                $"There is no room for {request.Count} more operations: the server holds at most {full.Capacity} (Operations:MaxOperations) and only finished ones make way. None was started.");
        }

        if (!instant)
        {
            foreach (var handle in handles)
            {
                runner.Run(handle, script, created);
            }
        }

        return Task.FromResult(new BatchStartOperationsResponse
        {
            FirstOperation = handles[0].Name,
            LastOperation = handles[^1].Name,
            StartedCount = handles.Count,
        });
    }

    // A script that ends at once creates its operation done: one record, not a creation then a result.
    private Operation StartNamed(string name, OperationScript script)
    {
        var created = runner.Clock.GetUtcNow();
        OperationHandle handle;
        try
        {
            if (ScriptedOperationRunner.EndsAtOnce(script))
            {
                var done = runner.Finished(name, script, created);
                registry.AddCompleted(done);
                return done;
            }

            handle = registry.Start(name, Any.Pack(runner.NewMetadata(created)), work: ScriptedOperationRunner.Work(script, created));
        }
        catch (OperationAlreadyExistsException)
        {
            throw RpcErrors.AlreadyExists(OperationRequests.ResourceType, name, "Operation");
        }
        catch (RegistryFullException full)
        {
            throw RpcErrors.ResourceExhausted(full.Message);
        }

        runner.Run(handle, script, created);
        return handle.Current;
    }

    // Generated IDs may meet a client-chosen one; the next ID is tried then.
    private Operation StartGenerated(string parent, OperationScript script)
    {
        while (true)
        {
            try
            {
                return StartNamed(OperationNames.Combine(parent, registry.NewOperationId()), script);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
            {
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

    private OperationScript ValidateScript(OperationScript? script)
    {
        script ??= new OperationScript();
        if (script.Duration is { } duration)
        {
            DurationFields.Read(duration, "script.duration", _options.MaxScriptDuration);
        }

        if (script.CancelDelay is { } delay)
        {
            DurationFields.Read(delay, "script.cancel_delay", _options.MaxScriptDuration);
        }

        if (script.ProgressUpdates < 0 || script.ProgressUpdates > 1000)
        {
            throw RpcErrors.InvalidField("script.progress_updates", "The field `script.progress_updates` must be between 0 and 1000.");
        }

        if (script.OutcomeCase == OperationScript.OutcomeOneofCase.Error && script.Error.Code == 0)
        {
            throw RpcErrors.InvalidField("script.error", "The field `script.error` must have a non-zero code: an error with code OK is not a failure.");
        }

        StoredContent.Require(script, "script");
        return script;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex OperationIdPattern();
}
