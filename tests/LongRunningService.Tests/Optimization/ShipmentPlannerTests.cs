using Google.Cloud.Optimization.V1;
using Google.Protobuf;
using LongRunningService.Services.Optimization;
using LongRunningService.Services.Optimization.Planning;
using static LongRunningService.Tests.Optimization.TourRequests;
using ReasonCode = Google.Cloud.Optimization.V1.SkippedShipment.Types.Reason.Types.Code;
using SolvingMode = Google.Cloud.Optimization.V1.OptimizeToursRequest.Types.SolvingMode;
using UnloadingPolicy = Google.Cloud.Optimization.V1.Vehicle.Types.UnloadingPolicy;

namespace LongRunningService.Tests.Optimization;

/// <summary>The planner behind OptimizeTours, on requests whose answers were worked out by hand (see <see cref="TourRequests"/>).</summary>
public sealed class ShipmentPlannerTests
{
    [Fact]
    public void Plan_OneShipment_VisitsAtStraightLineTravelTimes()
    {
        var request = Request([Carry(1, 2, seconds: 60)], [Vehicle()]);

        var response = Solve(request);

        var route = Assert.Single(response.Routes);
        Assert.Equal(At(0), route.VehicleStartTime);
        Assert.Equal([(0, true, At(100)), (0, false, At(260))], route.Visits.Select(v => (v.ShipmentIndex, v.IsPickup, v.StartTime)));
        Assert.Equal([At(0), At(160), At(320)], route.Transitions.Select(t => t.StartTime));
        Assert.Equal([100L, 100, 200], route.Transitions.Select(t => t.TravelDuration.Seconds));
        Assert.Equal(At(520), route.VehicleEndTime);
        Assert.Equal(StepMeters, route.Transitions[0].TravelDistanceMeters, 3);
        Assert.Equal(2 * StepMeters, route.Transitions[2].TravelDistanceMeters, 3);
        Assert.Equal((400L, 0L, 120L, 520L), (route.Metrics.TravelDuration.Seconds, route.Metrics.WaitDuration.Seconds, route.Metrics.VisitDuration.Seconds, route.Metrics.TotalDuration.Seconds));
        Assert.Equal(4 * StepMeters, route.Metrics.TravelDistanceMeters, 3);
        Assert.Equal(1, response.Metrics.UsedVehicleCount);
        Assert.Equal(1, response.Metrics.AggregatedRouteMetrics.PerformedShipmentCount);
        Assert.Empty(response.SkippedShipments);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Fact]
    public void Plan_DeliveryWindowOpensLater_WaitsBeforeTheDelivery()
    {
        var shipment = Carry(1, 2, seconds: 60);
        shipment.Deliveries[0].TimeWindows.Add(Window(1000, 2000));
        var request = Request([shipment], [Vehicle()]);

        var route = Assert.Single(Solve(request).Routes);

        Assert.Equal(At(1000), route.Visits[1].StartTime);
        Assert.Equal((100L, 740L), (route.Transitions[1].TravelDuration.Seconds, route.Transitions[1].WaitDuration.Seconds));
        Assert.Equal(At(1260), route.VehicleEndTime);
        Assert.Equal(740, route.Metrics.WaitDuration.Seconds);
        PlanInvariants.AssertConsistent(request, Solve(request));
    }

    [Fact]
    public void Plan_FirstWindowOpensLater_LeavesLaterInsteadOfWaiting()
    {
        var shipment = Carry(1, 2);
        shipment.Pickups[0].TimeWindows.Add(Window(500, 3000));
        var request = Request([shipment], [Vehicle()]);

        var route = Assert.Single(Solve(request).Routes);

        Assert.Equal(At(400), route.VehicleStartTime);
        Assert.Equal(At(500), route.Visits[0].StartTime);
        Assert.Equal(0, route.Transitions[0].WaitDuration.Seconds);
        Assert.Equal(400, route.Metrics.TotalDuration.Seconds);
    }

    [Fact]
    public void Plan_DemandAboveCapacity_SkipsItNamingTheLoadType()
    {
        var request = Request([Carry(1, 2, loadType: "kg", amount: 8), Carry(1, 2, loadType: "kg", amount: 12)], [Vehicle(loadType: "kg", maxLoad: 10)]);

        var response = Solve(request);

        var skipped = Assert.Single(response.SkippedShipments);
        Assert.Equal(1, skipped.Index);
        var reason = Assert.Single(skipped.Reasons);
        Assert.Equal((ReasonCode.DemandExceedsVehicleCapacity, 0, "kg"), (reason.Code, reason.ExampleVehicleIndex, reason.ExampleExceededCapacityType));
        Assert.Equal([0, 0], response.Routes[0].Visits.Select(v => v.ShipmentIndex));
        Assert.Equal(1, response.Metrics.SkippedMandatoryShipmentCount);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Fact]
    public void Plan_TwoLoadsThatDoNotFitTogether_CarriesThemOneAfterTheOther()
    {
        var request = Request([Carry(1, 2, loadType: "kg", amount: 8), Carry(1, 2, loadType: "kg", amount: 5)], [Vehicle(loadType: "kg", maxLoad: 10)]);

        var response = Solve(request);

        Assert.Empty(response.SkippedShipments);
        Assert.Equal(4, response.Routes[0].Visits.Count);
        Assert.Equal(8, response.Routes[0].Metrics.MaxLoads["kg"].Amount);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Fact]
    public void Plan_DeliveriesLoadedAtStartOverCapacity_SkipsTheOneThatDoesNotFit()
    {
        var first = new Shipment { Deliveries = { Visit(1) }, LoadDemands = { ["kg"] = new Shipment.Types.Load { Amount = 6 } } };
        var second = new Shipment { Deliveries = { Visit(2) }, LoadDemands = { ["kg"] = new Shipment.Types.Load { Amount = 6 } } };
        var request = Request([first, second], [Vehicle(loadType: "kg", maxLoad: 10)]);

        var response = Solve(request);

        var skipped = Assert.Single(response.SkippedShipments);
        Assert.Equal((1, ReasonCode.DemandExceedsVehicleCapacity), (skipped.Index, Assert.Single(skipped.Reasons).Code));
        var route = response.Routes[0];
        Assert.Equal(6, route.Transitions[0].VehicleLoads["kg"].Amount);
        Assert.Equal(-6, route.Visits[0].LoadDemands["kg"].Amount);
        Assert.Equal(0, route.Transitions[1].VehicleLoads["kg"].Amount);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Fact]
    public void Plan_DeliveryWindowClosesBeforeArrival_SkipsItForTimeWindows()
    {
        var shipment = Carry(1, 2);
        shipment.Deliveries[0].TimeWindows.Add(Window(0, 50));
        var request = Request([shipment], [Vehicle()]);

        var response = Solve(request);

        var reason = Assert.Single(Assert.Single(response.SkippedShipments).Reasons);
        Assert.Equal((ReasonCode.CannotBePerformedWithinVehicleTimeWindows, 0), (reason.Code, reason.ExampleVehicleIndex));
        Assert.Equal(new ShipmentRoute { VehicleIndex = 0 }, Assert.Single(response.Routes));
        Assert.Equal(0, response.Metrics.UsedVehicleCount);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Fact]
    public void Plan_RouteDurationLimitTooShort_SkipsItForDuration()
    {
        var vehicle = Vehicle();
        vehicle.RouteDurationLimit = new Vehicle.Types.DurationLimit { MaxDuration = new Google.Protobuf.WellKnownTypes.Duration { Seconds = 300 } };

        var response = Solve(Request([Carry(1, 2)], [vehicle]));

        Assert.Equal(ReasonCode.CannotBePerformedWithinVehicleDurationLimit, Assert.Single(Assert.Single(response.SkippedShipments).Reasons).Code);
    }

    [Fact]
    public void Plan_OnlyAllowedVehicleTooSmall_GivesAReasonPerVehicle()
    {
        var shipment = Carry(1, 2, loadType: "kg", amount: 8);
        shipment.AllowedVehicleIndices.Add(1);
        var request = Request([shipment], [Vehicle(), Vehicle(loadType: "kg", maxLoad: 5)]);

        var reasons = Assert.Single(Solve(request).SkippedShipments).Reasons;

        Assert.Equal(
            [(ReasonCode.VehicleNotAllowed, 0, ""), (ReasonCode.DemandExceedsVehicleCapacity, 1, "kg")],
            reasons.Select(r => (r.Code, r.ExampleVehicleIndex, r.ExampleExceededCapacityType)));
    }

    [Fact]
    public void Plan_NoVehicles_SkipsEveryShipmentWithNoVehicle()
    {
        var response = Solve(Request([Carry(1, 2), Carry(2, 3)], []));

        Assert.Equal([0, 1], response.SkippedShipments.Select(s => s.Index));
        Assert.All(response.SkippedShipments, s => Assert.Equal(ReasonCode.NoVehicle, Assert.Single(s.Reasons).Code));
    }

    [Fact]
    public void Plan_IgnoredShipment_IsSkippedWithoutReasonAndNotMandatory()
    {
        var ignored = Carry(1, 2);
        ignored.Ignore = true;

        var response = Solve(Request([ignored, Carry(2, 3)], [Vehicle()]));

        var skipped = Assert.Single(response.SkippedShipments);
        Assert.Equal(0, skipped.Index);
        Assert.Empty(skipped.Reasons);
        Assert.Equal(0, response.Metrics.SkippedMandatoryShipmentCount);
        Assert.Equal(1, response.Metrics.AggregatedRouteMetrics.PerformedShipmentCount);
    }

    [Fact]
    public void Plan_GeodesicSpeedGiven_TravelsAtThatSpeed()
    {
        var request = Request([Carry(1, 2)], [Vehicle()]);
        request.UseGeodesicDistances = true;
        request.GeodesicMetersPerSecond = 20;

        var route = Assert.Single(Solve(request).Routes);

        Assert.Equal([50L, 50, 100], route.Transitions.Select(t => t.TravelDuration.Seconds));
    }

    [Fact]
    public void Plan_DetectSomeInfeasibleShipments_ListsOnlyTheInfeasibleOnes()
    {
        var late = Carry(1, 2);
        late.Deliveries[0].TimeWindows.Add(Window(0, 50));
        var request = Request([Carry(1, 2), late], [Vehicle()]);
        request.SolvingMode = SolvingMode.DetectSomeInfeasibleShipments;

        var response = Solve(request);

        Assert.Empty(response.Routes);
        Assert.Null(response.Metrics);
        var skipped = Assert.Single(response.SkippedShipments);
        Assert.Equal((1, ReasonCode.CannotBePerformedWithinVehicleTimeWindows), (skipped.Index, Assert.Single(skipped.Reasons).Code));
    }

    [Theory]
    [InlineData(UnloadingPolicy.Unspecified, new[] { 0, 1, 1, 0 })]
    [InlineData(UnloadingPolicy.FirstInFirstOut, new[] { 0, 1, 0, 1 })]
    public void Plan_UnloadingPolicy_DeliversInTheOrderItAsks(UnloadingPolicy policy, int[] order)
    {
        var vehicle = Vehicle();
        vehicle.UnloadingPolicy = policy;

        var route = Assert.Single(Solve(Request([Carry(1, 3), Carry(2, 4)], [vehicle])).Routes);

        Assert.Equal(order, route.Visits.Select(v => v.ShipmentIndex));
        Assert.Equal([true, true, false, false], route.Visits.Select(v => v.IsPickup));
    }

    [Theory]
    [InlineData(150, false)]
    [InlineData(250, true)]
    public void Plan_PickupToDeliveryTimeLimit_IsKept(long limit, bool performed)
    {
        var shipment = Carry(1, 3);
        shipment.PickupToDeliveryTimeLimit = new Google.Protobuf.WellKnownTypes.Duration { Seconds = limit };

        var response = Solve(Request([shipment], [Vehicle()]));

        Assert.Equal(performed ? 1 : 0, response.Metrics.AggregatedRouteMetrics.PerformedShipmentCount);
        Assert.Equal(performed ? 0 : 1, response.SkippedShipments.Count);
    }

    [Fact]
    public void Plan_MaxActiveVehiclesOne_PutsEveryShipmentOnOneVehicle()
    {
        var request = Request([Carry(1, 2), Carry(9, 8)], [Vehicle(depot: 0), Vehicle(depot: 10)]);
        var unlimited = Solve(request);
        request.Model.MaxActiveVehicles = 1;

        var limited = Solve(request);

        Assert.Equal(2, unlimited.Metrics.UsedVehicleCount);
        Assert.Equal(1, limited.Metrics.UsedVehicleCount);
        Assert.Equal(4, limited.Routes[0].Visits.Count);
        PlanInvariants.AssertConsistent(request, limited);
    }

    [Fact]
    public void Plan_UsedIfRouteIsEmpty_DrivesFromStartToEnd()
    {
        var vehicle = new Google.Cloud.Optimization.V1.Vehicle { StartLocation = Point(0), EndLocation = Point(3), UsedIfRouteIsEmpty = true };
        var request = Request([], [vehicle]);

        var response = Solve(request);

        var route = Assert.Single(response.Routes);
        Assert.Equal((At(0), At(300)), (route.VehicleStartTime, route.VehicleEndTime));
        Assert.Equal(300, Assert.Single(route.Transitions).TravelDuration.Seconds);
        Assert.Equal(1, response.Metrics.UsedVehicleCount);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Plan_ScatteredProblem_AnswerIsConsistent(int seed)
    {
        var request = Scattered(seed, shipmentCount: 60, vehicleCount: 4);

        var response = Solve(request);

        PlanInvariants.AssertConsistent(request, response);
        Assert.True(response.Metrics.AggregatedRouteMetrics.PerformedShipmentCount > 20);
        Assert.All(response.SkippedShipments, s => Assert.NotEmpty(s.Reasons));
    }

    [Fact]
    public void Plan_SameRequestTwice_GivesTheSameBytes()
    {
        var first = Solve(Scattered(7, shipmentCount: 80, vehicleCount: 5));
        var second = Solve(Scattered(7, shipmentCount: 80, vehicleCount: 5));

        Assert.Equal(first.ToByteArray(), second.ToByteArray());
    }

    [Fact]
    public void Plan_NeutralProblem_MatchesTheAdaptersAnswer()
    {
        var request = Scattered(11, shipmentCount: 30, vehicleCount: 3);
        var problem = CloudOptimizationProblemReader.Read(request);

        var solution = ShipmentPlanner.Plan(problem, CancellationToken.None);

        Assert.Equal(Solve(request), CloudOptimizationResponseWriter.Write(request, problem, solution));
        Assert.Equal(solution.Metrics.TotalSeconds, solution.Routes.Sum(r => r.Metrics.TotalSeconds));
        Assert.All(solution.Routes.Where(r => r.Used), r => Assert.Equal(r.VehicleEnd - r.VehicleStart, r.Metrics.TotalSeconds));
    }

    private static OptimizeToursResponse Solve(OptimizeToursRequest request) =>
        CloudOptimizationTours.Optimize(request, CancellationToken.None);
}
