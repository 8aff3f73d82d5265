using Google.Cloud.Optimization.V1;
using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Operations;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// <c>google.cloud.optimization.v1.FleetRouting</c>: BatchOptimizeTours starts
/// a long-running operation in the shared registry, so the Operations service
/// gets, lists, waits on, cancels and deletes it. It succeeds with an empty
/// <see cref="BatchOptimizeToursResponse"/>: the real results go to the
/// output_config destinations, which we do not write. OptimizeTours answers at
/// once with a plan from the deterministic planner (see <see cref="CloudOptimizationTours"/>).
/// </summary>
internal sealed class FleetRoutingService(OptimizationOperations operations) : IGrpcService
{
    private static readonly Any EmptyResponse = Any.Pack(new BatchOptimizeToursResponse());
    private static readonly ServiceDescriptor Service = FleetRoutingReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FleetRouting");
    private static readonly string Api = ApiNames.Of(Service);

    public ServiceDescriptor Descriptor => Service;

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
        OptimizationRequests.RequireModelConfigs(request.ModelConfigs, c => c.InputConfig is not null, c => c.OutputConfig is not null);
        return Task.FromResult(operations.Start(parent, Api, EmptyResponse, OptimizationMetadata.AsyncModel));
    }
}
