using System.Net;
using System.Text.Json;
using Google.Cloud.Optimization.V1;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;
using static LongRunningService.Tests.Optimization.TourRequests;
using SolvingMode = Google.Cloud.Optimization.V1.OptimizeToursRequest.Types.SolvingMode;

namespace LongRunningService.Tests.Optimization;

/// <summary>Cloud Optimization's OptimizeTours on a real server, over gRPC, Connect and REST at both documented paths.</summary>
public sealed class OptimizeToursTests
{
    private const string OptimizeToursPath = "/google.cloud.optimization.v1.FleetRouting/OptimizeTours";

    [Theory]
    [InlineData("projects/p")]
    [InlineData("projects/p/locations/l")]
    public async Task OptimizeTours_Grpc_ReturnsTheHandCheckedRoute(string parent)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var request = Request([Carry(1, 2, seconds: 60)], [Vehicle()], parent);
        request.Label = "morning";

        var response = await client.CallAsync(OptimizeToursPath, request, OptimizeToursResponse.Parser).DefaultTimeout();

        var route = Assert.Single(response.Routes);
        Assert.Equal([At(100), At(260)], route.Visits.Select(v => v.StartTime));
        Assert.Equal(At(520), route.VehicleEndTime);
        Assert.Equal("morning", response.RequestLabel);
        PlanInvariants.AssertConsistent(request, response);
    }

    [Theory]
    [InlineData("/v1/projects/p:optimizeTours")]
    [InlineData("/v1/projects/p/locations/l:optimizeTours")]
    public async Task OptimizeTours_RestAtEachBinding_ReturnsWhatGrpcReturns(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var rest = new RestTestClient(server.BaseAddress);
        var request = Scattered(5, shipmentCount: 25, vehicleCount: 3);
        var expected = await grpc.CallAsync(OptimizeToursPath, request, OptimizeToursResponse.Parser).DefaultTimeout();
        var body = request.Clone();
        body.Parent = string.Empty;

        var response = await rest.PostAsync(path, JsonFormatter.Default.Format(body)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonAssert.Equal(JsonFormatter.Default.Format(expected), response.Body);
        Assert.NotEmpty(expected.Routes.SelectMany(r => r.Visits));
    }

    [Fact]
    public async Task OptimizeTours_ConnectJson_ReturnsThePlan()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var request = Request([Carry(1, 2)], [Vehicle()]);

        var response = await client.PostAsync(OptimizeToursPath, "application/json", new StringContent(JsonFormatter.Default.Format(request))).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var plan = JsonParser.Default.Parse<OptimizeToursResponse>(response.Text);
        Assert.Equal(At(400), Assert.Single(plan.Routes).VehicleEndTime);
    }

    [Fact]
    public async Task OptimizeTours_ValidateOnlyOnValidRequest_ReturnsNoRoutesAndNoErrors()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var request = Request([Carry(1, 2)], [Vehicle()]);
        request.SolvingMode = SolvingMode.ValidateOnly;

        var response = await client.CallAsync(OptimizeToursPath, request, OptimizeToursResponse.Parser).DefaultTimeout();

        Assert.Equal(new OptimizeToursResponse(), response);
    }

    [Fact]
    public async Task OptimizeTours_ValidateOnlyOnBrokenRequest_ListsTheProblemWithItsField()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var request = BrokenRequest();
        request.SolvingMode = SolvingMode.ValidateOnly;

        var response = await client.CallAsync(OptimizeToursPath, request, OptimizeToursResponse.Parser).DefaultTimeout();

        Assert.Empty(response.Routes);
        var error = Assert.Single(response.ValidationErrors);
        Assert.Equal((2805, "TIME_WINDOW_START_TIME_AFTER_END_TIME"), (error.Code, error.DisplayName));
        var expectedField = new OptimizeToursValidationError.Types.FieldReference
        {
            Name = "shipments",
            Index = 2,
            SubField = new() { Name = "pickups", Index = 0, SubField = new() { Name = "time_windows", Index = 0 } },
        };
        Assert.Equal(expectedField, Assert.Single(error.Fields));
        Assert.StartsWith("The field `model.shipments[2].pickups[0].time_windows[0]` ends before it starts", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptimizeTours_BrokenRequest_ReturnsInvalidArgumentNamingTheField()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallForStatusAsync(OptimizeToursPath, BrokenRequest()).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.StartsWith("The field `model.shipments[2].pickups[0].time_windows[0]` ends before it starts", result.GrpcMessage, StringComparison.Ordinal);
        var violation = Assert.Single(Assert.Single(result.StatusDetails!.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal("model.shipments[2].pickups[0].time_windows[0]", violation.Field);
    }

    [Fact]
    public async Task OptimizeTours_SeveralProblemsOverRest_Answers400WithEveryFieldViolation()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        var request = BrokenRequest();
        request.Model.Shipments[0].Deliveries[0].Duration = new Google.Protobuf.WellKnownTypes.Duration { Seconds = -30 };
        request.Model.Shipments[1].Pickups[0].ArrivalLocation = null;

        var response = await rest.PostAsync("/v1/projects/p/locations/l:optimizeTours", JsonFormatter.Default.Format(request)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.EndsWith("(2 more problems are listed in the error details.)", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var fields = response.Error.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString());
        Assert.Equal(["model.shipments[0].deliveries[0].duration", "model.shipments[1].pickups[0]", "model.shipments[2].pickups[0].time_windows[0]"], fields);
    }

    [Fact]
    public async Task OptimizeTours_TooManyShipments_ReturnsInvalidArgumentWithTheLimit()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var request = Request(Enumerable.Range(0, 1001).Select(_ => Carry(1, 2)), [Vehicle()]);

        var result = await client.CallForStatusAsync(OptimizeToursPath, request).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal("The field `model.shipments` has 1001 shipments; at most 1000 are accepted.", result.GrpcMessage);
    }

    [Fact]
    public async Task OptimizeTours_UnsupportedConstraint_ReturnsUnimplementedNamingIt()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var request = Request([Carry(1, 2)], [Vehicle()]);
        request.Model.PrecedenceRules.Add(new ShipmentModel.Types.PrecedenceRule { FirstIndex = 0, SecondIndex = 0 });

        var result = await client.CallForStatusAsync(OptimizeToursPath, request).DefaultTimeout();

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.StartsWith("The field `model.precedence_rules` is not supported by this server's planner", result.GrpcMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The field `parent` is required.")]
    [InlineData("locations/l", "The field `parent` 'locations/l' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.")]
    public async Task OptimizeTours_InvalidParent_ReturnsInvalidArgumentNamingParent(string parent, string message)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallForStatusAsync(OptimizeToursPath, Request([Carry(1, 2)], [Vehicle()], parent)).DefaultTimeout();

        Assert.Equal((Code.InvalidArgument, message), (result.StatusCode, result.GrpcMessage));
    }

    // Shipment 2's pickup has a time window that ends before it starts.
    private static OptimizeToursRequest BrokenRequest()
    {
        var request = Request([Carry(1, 2), Carry(2, 3), Carry(3, 4)], [Vehicle()]);
        request.Model.Shipments[2].Pickups[0].TimeWindows.Add(Window(900, 300));
        return request;
    }
}
