using Google.Maps.RouteOptimization.V1;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Computes the solution of a Route Optimization <c>OptimizeTours</c> request:
/// the answer of <c>OptimizeTours</c> and the result of <c>OptimizeToursLongRunning</c>.
/// The services check the parent only; everything about the model is the
/// planner's: it honours <c>solving_mode</c> (VALIDATE_ONLY answers without
/// routes) and throws an <see cref="RpcException"/> with
/// INVALID_ARGUMENT naming the field when the request breaks a documented
/// constraint. It must be deterministic and bounded in the work a request can cause.
/// </summary>
internal interface IRoutePlanner
{
    OptimizeToursResponse Plan(OptimizeToursRequest request, CancellationToken cancellationToken);
}
