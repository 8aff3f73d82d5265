using Google.LongRunning;
using Google.Maps.RouteOptimization.V1;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// <c>google.maps.routeoptimization.v1.RouteOptimization</c>, the successor of
/// Cloud Optimization. OptimizeTours answers with the planner's solution.
/// BatchOptimizeTours, OptimizeToursLongRunning and OptimizeToursUri start
/// long-running operations in the shared registry with the metadata and
/// response types their <c>operation_info</c> names: an empty response for the
/// batch (its results go to Cloud Storage, which we do not write), the
/// planner's solution for OptimizeToursLongRunning, and the output URI it was
/// given for OptimizeToursUri (which we neither read nor write).
/// </summary>
internal sealed class RouteOptimizationService(OptimizationOperations operations, IRoutePlanner planner) : IGrpcService
{
    private static readonly ServiceDescriptor Service = RouteOptimizationServiceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("RouteOptimization");
    private static readonly string Api = ApiNames.Of(Service);
    private static readonly Any EmptyBatchResponse = Any.Pack(new BatchOptimizeToursResponse());

    public ServiceDescriptor Descriptor => Service;

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<OptimizeToursRequest, OptimizeToursResponse>(nameof(OptimizeTours), OptimizeTours);
        binder.MapUnary<BatchOptimizeToursRequest, Operation>(nameof(BatchOptimizeTours), BatchOptimizeTours);
        binder.MapUnary<OptimizeToursRequest, Operation>(nameof(OptimizeToursLongRunning), OptimizeToursLongRunning);
        binder.MapUnary<OptimizeToursUriRequest, Operation>(nameof(OptimizeToursUri), OptimizeToursUri);
    }

    public Task<OptimizeToursResponse> OptimizeTours(OptimizeToursRequest request, ServerCallContext context)
    {
        OptimizationNames.RequireParent(request.Parent, "parent");
        return Task.FromResult(planner.Plan(request, context.CancellationToken));
    }

    public Task<Operation> BatchOptimizeTours(BatchOptimizeToursRequest request, ServerCallContext context)
    {
        var parent = OptimizationNames.RequireParent(request.Parent, "parent");
        OptimizationRequests.RequireModelConfigs(request.ModelConfigs, c => c.InputConfig is not null, c => c.OutputConfig is not null);
        return Task.FromResult(operations.Start(parent, Api, EmptyBatchResponse, OptimizationMetadata.RouteBatch));
    }

    // The solution is planned when the call comes, so a bad model fails the call rather than the operation.
    public Task<Operation> OptimizeToursLongRunning(OptimizeToursRequest request, ServerCallContext context)
    {
        var parent = OptimizationNames.RequireParent(request.Parent, "parent");
        var solution = planner.Plan(request, context.CancellationToken);
        return Task.FromResult(operations.Start(parent, Api, Any.Pack(solution), OptimizationMetadata.RouteLongRunning));
    }

    public Task<Operation> OptimizeToursUri(OptimizeToursUriRequest request, ServerCallContext context)
    {
        var parent = OptimizationNames.RequireParent(request.Parent, "parent");
        if (request.Input is null)
        {
            throw RpcErrors.RequiredField("input");
        }

        if (request.Output is null)
        {
            throw RpcErrors.RequiredField("output");
        }

        var response = Any.Pack(new OptimizeToursUriResponse { Output = request.Output });
        return Task.FromResult(operations.Start(parent, Api, response, OptimizationMetadata.RouteUri));
    }
}
