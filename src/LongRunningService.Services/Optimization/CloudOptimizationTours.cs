using Google.Cloud.Optimization.V1;
using LongRunningService.Services.Optimization.Planning;
using SolvingMode = Google.Cloud.Optimization.V1.OptimizeToursRequest.Types.SolvingMode;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Cloud Optimization's <c>OptimizeTours</c>, whatever the transport: the
/// parent is checked, unsupported constraints are refused (UNIMPLEMENTED),
/// the request is validated, and the planner's answer is written back.
/// VALIDATE_ONLY answers the problems found as <c>validation_errors</c> and no
/// routes, as the proto documents; every other mode answers a request with
/// problems INVALID_ARGUMENT, each problem a field violation.
/// DETECT_SOME_INFEASIBLE_SHIPMENTS lists the shipments no vehicle can do alone.
/// Route Optimization (<c>google.maps.routeoptimization.v1</c>) repeats these
/// messages with the same field names and numbers, so its OptimizeTours can
/// reuse all of this by re-parsing its request's bytes as this request, and
/// this response's bytes as its own, after handling the fields only it has.
/// </summary>
internal static class CloudOptimizationTours
{
    public static OptimizeToursResponse Optimize(OptimizeToursRequest request, CancellationToken cancellationToken)
    {
        OptimizationNames.RequireParent(request.Parent, "parent");
        UnsupportedTourFeatures.Check(request);
        var report = OptimizeToursValidator.Validate(request);
        if (request.SolvingMode == SolvingMode.ValidateOnly)
        {
            return CloudOptimizationResponseWriter.WriteValidation(request, report);
        }

        if (!report.IsValid)
        {
            throw report.ToInvalidArgument();
        }

        var problem = CloudOptimizationProblemReader.Read(request);
        if (request.SolvingMode == SolvingMode.DetectSomeInfeasibleShipments)
        {
            return CloudOptimizationResponseWriter.WriteSkipped(request, ShipmentPlanner.DetectInfeasible(problem, cancellationToken));
        }

        return CloudOptimizationResponseWriter.Write(request, problem, ShipmentPlanner.Plan(problem, cancellationToken));
    }
}
