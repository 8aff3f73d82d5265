using Google.Cloud.Optimization.V1;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Services.Optimization;
using LongRunningService.Services.Optimization.Planning;
using static LongRunningService.Tests.Optimization.TourRequests;

namespace LongRunningService.Tests.Optimization;

public sealed class OptimizeToursValidatorTests
{
    private static readonly Dictionary<string, Action<OptimizeToursRequest>> Breakages = new()
    {
        ["window ends before it starts"] = r => r.Model.Shipments[2].Pickups[0].TimeWindows.Add(Window(500, 100)),
        ["negative visit duration"] = r => r.Model.Shipments[0].Deliveries[0].Duration = new Duration { Seconds = -5 },
        ["visit without location"] = r => r.Model.Shipments[1].Pickups[0].ArrivalLocation = null,
        ["latitude out of range"] = r => r.Model.Shipments[0].Pickups[0].ArrivalLocation.Latitude = 91,
        ["negative demand"] = r => r.Model.Shipments[0].LoadDemands["kg"] = new Shipment.Types.Load { Amount = -1 },
        ["allowed vehicle out of range"] = r => r.Model.Shipments[0].AllowedVehicleIndices.Add(3),
        ["shipment without visits"] = r => r.Model.Shipments.Add(new Shipment()),
        ["overlapping windows"] = r => r.Model.Vehicles[0].StartTimeWindows.Add([Window(0, 100), Window(100, 200)]),
        ["window outside the model"] = r => r.Model.Shipments[0].Pickups[0].TimeWindows[0] = Window(0, 90_000),
        ["negative max load"] = r => r.Model.Vehicles[0].LoadLimits["kg"] = new Vehicle.Types.LoadLimit { MaxLoad = -1 },
        ["global start after end"] = r => r.Model.GlobalStartTime = At(100_000),
        ["timestamp with nanos"] = r => r.Model.Shipments[0].Pickups[0].TimeWindows[0] = new TimeWindow { StartTime = new Timestamp { Seconds = T0, Nanos = 5 } },
        ["geodesic without speed"] = r => r.UseGeodesicDistances = true,
        ["speed below one"] = r => (r.UseGeodesicDistances, r.GeodesicMetersPerSecond) = (true, 0.5),
        ["too many shipments"] = r => r.Model.Shipments.Add(Enumerable.Range(0, PlanningLimits.MaxShipments).Select(_ => Carry(1, 2))),
        ["too many vehicles"] = r => r.Model.Vehicles.Add(Enumerable.Range(0, PlanningLimits.MaxVehicles).Select(_ => Vehicle())),
        ["too many alternatives"] = r => r.Model.Shipments[0].Pickups.Add(Enumerable.Range(0, PlanningLimits.MaxVisitAlternatives).Select(_ => Visit(1))),
        ["multiple out of range"] = r => r.Model.Vehicles[0].TravelDurationMultiple = 0,
    };

    public static TheoryData<string, string, int> Cases => new()
    {
        { "window ends before it starts", "model.shipments[2].pickups[0].time_windows[0]", 2805 },
        { "negative visit duration", "model.shipments[0].deliveries[0].duration", 4404 },
        { "visit without location", "model.shipments[1].pickups[0]", 44 },
        { "latitude out of range", "model.shipments[0].pickups[0].arrival_location", 44 },
        { "negative demand", "model.shipments[0].load_demands[\"kg\"]", 3100 },
        { "allowed vehicle out of range", "model.shipments[0].allowed_vehicle_indices", 4007 },
        { "shipment without visits", "model.shipments[3]", 4005 },
        { "overlapping windows", "model.vehicles[0].start_time_windows[1]", 2812 },
        { "window outside the model", "model.shipments[0].pickups[0].time_windows[0]", 2804 },
        { "negative max load", "model.vehicles[0].load_limits[\"kg\"].max_load", 3308 },
        { "global start after end", "model.global_start_time", 2204 },
        { "timestamp with nanos", "model.shipments[0].pickups[0].time_windows[0]", 2800 },
        { "geodesic without speed", "geodesic_meters_per_second", 1206 },
        { "speed below one", "geodesic_meters_per_second", 1205 },
        { "too many shipments", "model.shipments", 2200 },
        { "too many vehicles", "model.vehicles", 2200 },
        { "too many alternatives", "model.shipments[0].pickups", 2200 },
        { "multiple out of range", "model.vehicles[0].travel_duration_multiple", 4221 },
    };

    [Fact]
    public void Validate_WellFormedRequest_FindsNothing()
    {
        Assert.True(OptimizeToursValidator.Validate(ValidRequest()).IsValid);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_BrokenRequest_NamesTheFieldWithItsCode(string breakage, string field, int code)
    {
        var request = ValidRequest();
        Breakages[breakage](request);

        var issue = Assert.Single(OptimizeToursValidator.Validate(request).Issues);

        Assert.Equal((field, code), (issue.Field.ToString(), issue.Code));
        Assert.StartsWith($"The field `{field}` ", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WindowEndsBeforeItStarts_SaysSoWithTheTimes()
    {
        var request = ValidRequest();
        Breakages["window ends before it starts"](request);

        var issue = Assert.Single(OptimizeToursValidator.Validate(request).Issues);

        Assert.Equal("TIME_WINDOW_START_TIME_AFTER_END_TIME", issue.DisplayName);
        Assert.Equal(
            $"The field `model.shipments[2].pickups[0].time_windows[0]` ends before it starts (start_time {T0 + 500} s is after end_time {T0 + 100} s).",
            issue.Message);
    }

    [Fact]
    public void Validate_ManyProblems_StopsAtMaxValidationErrors()
    {
        var request = ValidRequest();
        foreach (var shipment in request.Model.Shipments)
        {
            shipment.Pickups[0].Duration = new Duration { Seconds = -1 };
            shipment.Deliveries[0].Duration = new Duration { Seconds = -1 };
        }

        request.MaxValidationErrors = 4;

        Assert.Equal(4, OptimizeToursValidator.Validate(request).Issues.Count);
    }

    private static OptimizeToursRequest ValidRequest()
    {
        var request = Request([Carry(1, 2, loadType: "kg", amount: 1), Carry(2, 3), Carry(3, 1)], [Vehicle(loadType: "kg", maxLoad: 10), Vehicle()]);
        request.Model.Shipments[0].Pickups[0].TimeWindows.Add(Window(0, 3600));
        return request;
    }
}
