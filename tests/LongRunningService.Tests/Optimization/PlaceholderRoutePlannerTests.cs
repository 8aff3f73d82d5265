using Google.Maps.RouteOptimization.V1;
using LongRunningService.Services.Optimization;
using Reason = Google.Maps.RouteOptimization.V1.SkippedShipment.Types.Reason;

namespace LongRunningService.Tests.Optimization;

public sealed class PlaceholderRoutePlannerTests
{
    [Fact]
    public void Plan_ShipmentsAndVehicles_SkipsEveryShipmentAndCountsTheMandatoryOnes()
    {
        var request = new OptimizeToursRequest
        {
            Label = "monday",
            Model = new ShipmentModel
            {
                Shipments = { new Shipment { Label = "a" }, new Shipment { Label = "b", PenaltyCost = 5 }, new Shipment { Label = "c", Ignore = true } },
                Vehicles = { new Vehicle() },
            },
        };

        var response = new PlaceholderRoutePlanner().Plan(request, CancellationToken.None);

        Assert.Empty(response.Routes);
        Assert.Equal("monday", response.RequestLabel);
        Assert.Equal([(0, "a"), (1, "b"), (2, "c")], response.SkippedShipments.Select(s => (s.Index, s.Label)));
        Assert.Equal(
            [Reason.Types.Code.Unspecified, Reason.Types.Code.Unspecified, Reason.Types.Code.ShipmentIgnored],
            response.SkippedShipments.Select(s => Assert.Single(s.Reasons).Code));
        Assert.Equal(2, response.Metrics.SkippedMandatoryShipmentCount);
    }

    [Fact]
    public void Plan_NoVehicle_GivesNoVehicleAsTheReason()
    {
        var request = new OptimizeToursRequest { Model = new ShipmentModel { Shipments = { new Shipment() } } };

        var response = new PlaceholderRoutePlanner().Plan(request, CancellationToken.None);

        Assert.Equal(Reason.Types.Code.NoVehicle, Assert.Single(Assert.Single(response.SkippedShipments).Reasons).Code);
    }

    [Fact]
    public void Plan_ValidateOnly_ReturnsNoRoutesAndNoSkips()
    {
        var request = new OptimizeToursRequest
        {
            SolvingMode = OptimizeToursRequest.Types.SolvingMode.ValidateOnly,
            Model = new ShipmentModel { Shipments = { new Shipment() }, Vehicles = { new Vehicle() } },
        };

        var response = new PlaceholderRoutePlanner().Plan(request, CancellationToken.None);

        Assert.Empty(response.Routes);
        Assert.Empty(response.SkippedShipments);
    }
}
