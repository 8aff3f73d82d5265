using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using static LongRunningService.Tests.Optimization.TourRequests;
using CloudResponse = Google.Cloud.Optimization.V1.OptimizeToursResponse;
using RouteRequest = Google.Maps.RouteOptimization.V1.OptimizeToursRequest;
using RouteResponse = Google.Maps.RouteOptimization.V1.OptimizeToursResponse;
using RouteSolvingMode = Google.Maps.RouteOptimization.V1.OptimizeToursRequest.Types.SolvingMode;

namespace LongRunningService.Tests.Optimization;

/// <summary>Route Optimization's OptimizeTours on a real server with the real planner, shared with Cloud Optimization.</summary>
public sealed class RouteOptimizationPlannerTests
{
    private const string CloudPath = "/google.cloud.optimization.v1.FleetRouting/OptimizeTours";
    private const string RoutePath = "/google.maps.routeoptimization.v1.RouteOptimization/OptimizeTours";

    [Fact]
    public async Task OptimizeTours_SameModel_AnswersWhatCloudOptimizationAnswers()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var cloud = Scattered(7, shipmentCount: 20, vehicleCount: 3);
        var route = RouteRequest.Parser.ParseFrom(cloud.ToByteString());

        var expected = await client.CallAsync(CloudPath, cloud, CloudResponse.Parser).DefaultTimeout();
        var response = await client.CallAsync(RoutePath, route, RouteResponse.Parser).DefaultTimeout();

        Assert.NotEmpty(response.Routes.SelectMany(r => r.Visits));
        Assert.Equal(expected.ToByteString(), response.ToByteString());
    }

    [Fact]
    public async Task OptimizeTours_BrokenTimeWindow_IsInvalidArgumentNamingTheField()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var cloud = Request([Carry(1, 2)], [Vehicle()], "projects/p/locations/l");
        cloud.Model.Shipments[0].Pickups[0].TimeWindows.Add(Window(500, 100));

        var result = await client.CallForStatusAsync(RoutePath, RouteRequest.Parser.ParseFrom(cloud.ToByteString()));

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Contains("model.shipments[0].pickups[0].time_windows[0]", result.GrpcMessage);
    }

    [Fact]
    public async Task OptimizeTours_TransformAndReturnRequest_IsUnimplemented()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var route = RouteRequest.Parser.ParseFrom(Request([Carry(1, 2)], [Vehicle()], "projects/p/locations/l").ToByteString());
        route.SolvingMode = RouteSolvingMode.TransformAndReturnRequest;

        var result = await client.CallForStatusAsync(RoutePath, route);

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.Contains("TRANSFORM_AND_RETURN_REQUEST", result.GrpcMessage);
    }

    [Fact]
    public async Task OptimizeTours_FieldOnlyRouteOptimizationHas_IsUnimplemented()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var bytes = Request([Carry(1, 2)], [Vehicle()], "projects/p/locations/l").ToByteArray();
        // Field 999 of OptimizeToursRequest: unknown to Cloud Optimization's message, so it cannot be planned silently.
        var route = RouteRequest.Parser.ParseFrom([.. bytes, 0xB8, 0x3E, 0x01]);

        var result = await client.CallForStatusAsync(RoutePath, route);

        Assert.Equal(Code.Unimplemented, result.StatusCode);
    }
}
