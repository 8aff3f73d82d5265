using Google.Maps.RouteOptimization.V1;
using Reason = Google.Maps.RouteOptimization.V1.SkippedShipment.Types.Reason;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Stands in for a real <see cref="IRoutePlanner"/>: plans no routes and lists
/// every shipment as skipped, so that the API's calls and operations work end
/// to end. It checks nothing and computes nothing.
/// </summary>
internal sealed class PlaceholderRoutePlanner : IRoutePlanner
{
    public OptimizeToursResponse Plan(OptimizeToursRequest request, CancellationToken cancellationToken)
    {
        var response = new OptimizeToursResponse
        {
            RequestLabel = request.Label,
            Metrics = new OptimizeToursResponse.Types.Metrics { AggregatedRouteMetrics = new AggregatedMetrics() },
        };
        if (request.SolvingMode == OptimizeToursRequest.Types.SolvingMode.ValidateOnly || request.Model is null)
        {
            return response;
        }

        var shipments = request.Model.Shipments;
        for (var i = 0; i < shipments.Count; i++)
        {
            var shipment = shipments[i];
            var skipped = new SkippedShipment { Index = i, Label = shipment.Label };
            skipped.Reasons.Add(new Reason { Code = ReasonFor(shipment, request.Model) });
            response.SkippedShipments.Add(skipped);
            if (!shipment.HasPenaltyCost)
            {
                response.Metrics.SkippedMandatoryShipmentCount++;
            }
        }

        return response;
    }

    // The only reasons this planner can give truthfully; a skip it merely did not plan has no code.
    private static Reason.Types.Code ReasonFor(Shipment shipment, ShipmentModel model) =>
        shipment.Ignore ? Reason.Types.Code.ShipmentIgnored
        : model.Vehicles.Count == 0 ? Reason.Types.Code.NoVehicle
        : Reason.Types.Code.Unspecified;
}
