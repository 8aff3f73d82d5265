using Google.Cloud.Optimization.V1;
using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Registry;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Services.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using State = Google.Cloud.Optimization.V1.AsyncModelMetadata.Types.State;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// <c>google.cloud.optimization.v1.FleetRouting</c>: BatchOptimizeTours starts
/// a long-running operation in the shared registry, so the Operations service
/// gets, lists, waits on, cancels and deletes it. OptimizeTours answers at
/// once with a plan from the deterministic planner (see
/// <see cref="CloudOptimizationTours"/>).
/// </summary>
internal sealed class FleetRoutingService(
    IOperationRegistry registry,
    TimeProvider clock,
    IOptions<OptimizationOptions> options,
    ILogger<FleetRoutingService> logger) : IGrpcService
{
    private readonly BatchOptimizeToursRunner _runner = new(clock, options.Value.BatchDuration, logger);

    public ServiceDescriptor Descriptor => FleetRoutingReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FleetRouting");

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<OptimizeToursRequest, OptimizeToursResponse>(nameof(OptimizeTours), OptimizeTours);
        binder.MapUnary<BatchOptimizeToursRequest, Operation>(nameof(BatchOptimizeTours), BatchOptimizeTours);
    }

    public Task<OptimizeToursResponse> OptimizeTours(OptimizeToursRequest request, ServerCallContext context) =>
        Task.FromResult(CloudOptimizationTours.Optimize(request, context.CancellationToken));

    public Task<Operation> BatchOptimizeTours(BatchOptimizeToursRequest request, ServerCallContext context)
    {
        var parent = OptimizationNames.RequireParent(request.Parent, "parent");
        ValidateModelConfigs(request);

        var createTime = _runner.Now();
        var handle = Start(parent, _runner.Metadata(State.Running, createTime));
        _runner.Run(handle, createTime);
        return Task.FromResult(handle.Current);
    }

    // Generated IDs may meet a client-chosen one (the emulator API takes any ID); the next ID is tried then.
    private OperationHandle Start(string parent, Any metadata)
    {
        while (true)
        {
            try
            {
                return registry.Start(OperationNames.Combine(parent, registry.NewOperationId()), metadata);
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

    // Fields marked REQUIRED in fleet_routing.proto (google.api.field_behavior).
    private static void ValidateModelConfigs(BatchOptimizeToursRequest request)
    {
        if (request.ModelConfigs.Count == 0)
        {
            throw RpcErrors.RequiredField("model_configs");
        }

        for (var i = 0; i < request.ModelConfigs.Count; i++)
        {
            var config = request.ModelConfigs[i];
            if (config.InputConfig is null)
            {
                throw RpcErrors.RequiredField($"model_configs[{i}].input_config");
            }

            if (config.OutputConfig is null)
            {
                throw RpcErrors.RequiredField($"model_configs[{i}].output_config");
            }
        }
    }
}
