using Google.LongRunning;
using Google.Maps.RouteOptimization.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Optimization;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Uri = Google.Maps.RouteOptimization.V1.Uri;
using LongRunningService.Contracts;

namespace LongRunningService.Tests.Optimization;

/// <summary>google.maps.routeoptimization.v1.RouteOptimization over gRPC, its operations through google.longrunning.Operations.</summary>
public sealed class RouteOptimizationTests
{
    internal const string Service = "/google.maps.routeoptimization.v1.RouteOptimization/";
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task OptimizeTours_ValidRequest_ReturnsThePlannersSolution()
    {
        var planner = new RecordingRoutePlanner();
        await using var server = await StartAsync(new ManualTimeProvider(), planner);
        var request = Tours("projects/p/locations/l");

        var response = await server.CreateClient().CallAsync(Service + "OptimizeTours", request, OptimizeToursResponse.Parser).DefaultTimeout();

        Assert.Equal(RecordingRoutePlanner.Solution(request), response);
        Assert.Equal(request, Assert.Single(planner.Requests));
    }

    [Fact]
    public async Task OptimizeTours_PlannerRefusesTheModel_ReturnsItsInvalidArgument()
    {
        var planner = new RecordingRoutePlanner { Failure = RpcErrors.InvalidField("model.shipments[0].pickups[0].arrival_location", "A pickup needs a location.") };
        await using var server = await StartAsync(new ManualTimeProvider(), planner);

        var result = await server.CreateClient().CallForStatusAsync(Service + "OptimizeTours", Tours("projects/p")).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal("A pickup needs a location.", result.GrpcMessage);
    }

    [Theory]
    [InlineData("OptimizeTours")]
    [InlineData("OptimizeToursLongRunning")]
    public async Task OptimizeTours_InvalidParent_ReturnsInvalidArgumentWithoutPlanning(string method)
    {
        var planner = new RecordingRoutePlanner();
        await using var server = await StartAsync(new ManualTimeProvider(), planner);

        var result = await server.CreateClient().CallForStatusAsync(Service + method, Tours("locations/l")).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal("The field `parent` 'locations/l' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.", result.GrpcMessage);
        Assert.Empty(planner.Requests);
    }

    [Fact]
    public async Task OptimizeTours_LongInvalidParent_QuotesOnlyItsStart()
    {
        await using var server = await StartAsync(new ManualTimeProvider());

        var result = await server.CreateClient().CallForStatusAsync(Service + "OptimizeTours", Tours(new string('x', 10_000))).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal($"The field `parent` '{ClientText.Prefix(new string('x', 10_000))}' is invalid: expected 'projects/{{project}}' or 'projects/{{project}}/locations/{{location}}'.", result.GrpcMessage);
    }

    [Theory]
    [InlineData("projects/p", "BatchOptimizeTours", "BatchOptimizeToursMetadata")]
    [InlineData("projects/p/locations/l", "BatchOptimizeTours", "BatchOptimizeToursMetadata")]
    [InlineData("projects/p", "OptimizeToursLongRunning", "OptimizeToursLongRunningMetadata")]
    [InlineData("projects/p/locations/l", "OptimizeToursUri", "OptimizeToursUriMetadata")]
    public async Task LongRunningMethod_ValidRequest_ReturnsRunningOperationUnderTheParent(string parent, string method, string metadataType)
    {
        await using var server = await StartAsync(new ManualTimeProvider());

        var operation = await StartAsync(server.CreateClient(), method, parent).DefaultTimeout();

        Assert.StartsWith(parent + "/operations/", operation.Name, StringComparison.Ordinal);
        Assert.False(operation.Done);
        Assert.Equal("type.googleapis.com/google.maps.routeoptimization.v1." + metadataType, operation.Metadata.TypeUrl);
    }

    [Fact]
    public async Task BatchOptimizeTours_ClockPassesDuration_EndsWithEmptyResponse()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await StartAsync(operations.Grpc, "BatchOptimizeTours", "projects/p/locations/l").DefaultTimeout();

        var done = await RunToEndAsync(clock, operations, started.Name, DefaultDuration);

        Assert.Equal("type.googleapis.com/google.maps.routeoptimization.v1.BatchOptimizeToursResponse", done.Response.TypeUrl);
        Assert.Equal(new BatchOptimizeToursResponse(), done.Response.Unpack<BatchOptimizeToursResponse>());
        Assert.Equal(new BatchOptimizeToursMetadata(), done.Metadata.Unpack<BatchOptimizeToursMetadata>());
    }

    [Fact]
    public async Task OptimizeToursLongRunning_ClockPassesDuration_EndsWithThePlannersSolution()
    {
        var clock = new ManualTimeProvider();
        var planner = new RecordingRoutePlanner();
        await using var server = await StartAsync(clock, planner);
        var operations = new OperationsTestClient(server.CreateClient());
        var request = Tours("projects/p/locations/l");
        var started = await operations.Grpc.CallAsync(Service + "OptimizeToursLongRunning", request, Operation.Parser).DefaultTimeout();

        var done = await RunToEndAsync(clock, operations, started.Name, DefaultDuration);

        Assert.Equal(RecordingRoutePlanner.Solution(request), done.Response.Unpack<OptimizeToursResponse>());
        Assert.Equal("type.googleapis.com/google.maps.routeoptimization.v1.OptimizeToursLongRunningMetadata", done.Metadata.TypeUrl);
        Assert.Equal(request, Assert.Single(planner.Requests));
    }

    [Fact]
    public async Task OptimizeToursLongRunning_PlannerRefusesTheModel_FailsTheCallAndStartsNothing()
    {
        var planner = new RecordingRoutePlanner { Failure = RpcErrors.InvalidField("model.vehicles[0].start_time_windows[0]", "The time window ends before it starts.") };
        await using var server = await StartAsync(new ManualTimeProvider(), planner);
        var operations = new OperationsTestClient(server.CreateClient());

        var result = await operations.Grpc.CallForStatusAsync(Service + "OptimizeToursLongRunning", Tours("projects/p")).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Empty((await operations.ListAsync("projects/p").DefaultTimeout()).Operations);
    }

    [Fact]
    public async Task OptimizeToursUri_ClockPassesDuration_EndsWithTheOutputUri()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await StartAsync(operations.Grpc, "OptimizeToursUri", "projects/p").DefaultTimeout();

        var done = await RunToEndAsync(clock, operations, started.Name, DefaultDuration);

        Assert.Equal(new OptimizeToursUriResponse { Output = new Uri { Uri_ = "gs://bucket/out.json" } }, done.Response.Unpack<OptimizeToursUriResponse>());
    }

    [Theory]
    [InlineData(false, true, "input")]
    [InlineData(true, false, "output")]
    public async Task OptimizeToursUri_MissingUri_ReturnsInvalidArgumentNamingIt(bool withInput, bool withOutput, string field)
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var request = UriRequest("projects/p");
        request.Input = withInput ? request.Input : null;
        request.Output = withOutput ? request.Output : null;

        var result = await server.CreateClient().CallForStatusAsync(Service + "OptimizeToursUri", request).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal($"The field `{field}` is required.", result.GrpcMessage);
    }

    [Fact]
    public async Task BatchOptimizeTours_ModelConfigWithoutOutput_ReturnsInvalidArgumentNamingIt()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var request = BatchRequest("projects/p");
        request.ModelConfigs[0].OutputConfig = null;

        var result = await server.CreateClient().CallForStatusAsync(Service + "BatchOptimizeTours", request).DefaultTimeout();

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal("The field `model_configs[0].output_config` is required.", result.GrpcMessage);
    }

    [Theory]
    [InlineData("BatchOptimizeTours")]
    [InlineData("OptimizeToursLongRunning")]
    [InlineData("OptimizeToursUri")]
    public async Task CancelOperation_RunningOperation_EndsCancelledWithItsMetadata(string method)
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await StartAsync(operations.Grpc, method, "projects/p/locations/l").DefaultTimeout();
        await clock.WhenTimerDueIn(DefaultDuration).DefaultTimeout();

        await operations.CancelAsync(started.Name).DefaultTimeout();
        var cancelled = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.True(cancelled.Done);
        Assert.Equal(new Google.Rpc.Status { Code = (int)Code.Cancelled, Message = "Operation was cancelled." }, cancelled.Error);
        Assert.Equal(started.Metadata, cancelled.Metadata);
    }

    [Fact]
    public async Task CancelOperation_OperationAlreadyDone_KeepsItsResponse()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await StartAsync(operations.Grpc, "OptimizeToursLongRunning", "projects/p").DefaultTimeout();
        var done = await RunToEndAsync(clock, operations, started.Name, DefaultDuration);

        await operations.CancelAsync(started.Name).DefaultTimeout();

        Assert.Equal(done, await operations.GetAsync(started.Name).DefaultTimeout());
        Assert.Equal(Operation.ResultOneofCase.Response, done.ResultCase);
    }

    [Fact]
    public async Task ListOperations_Grpc_ListsEveryOperationUnderTheParentOldestFirst()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var operations = new OperationsTestClient(server.CreateClient());
        var batch = await StartAsync(operations.Grpc, "BatchOptimizeTours", "projects/p/locations/l").DefaultTimeout();
        var uri = await StartAsync(operations.Grpc, "OptimizeToursUri", "projects/p/locations/l").DefaultTimeout();

        var listed = await operations.ListAsync("projects/p/locations/l").DefaultTimeout();

        Assert.Equal([batch, uri], listed.Operations);
    }

    [Fact]
    public async Task LatencyProfile_ProjectChoosesInstant_OperationIsDoneWhenTheCallReturns()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var client = server.CreateClient();
        await new ControlTestClient(client).SetLatencyProfileAsync("fast-lane", "instant").DefaultTimeout();

        var instant = await StartAsync(client, "OptimizeToursLongRunning", "projects/fast-lane").DefaultTimeout();
        var other = await StartAsync(client, "OptimizeToursLongRunning", "projects/p").DefaultTimeout();

        Assert.True(instant.Done);
        Assert.Equal(RecordingRoutePlanner.Solution(Tours("projects/fast-lane")), instant.Response.Unpack<OptimizeToursResponse>());
        Assert.False(other.Done);
    }

    [Fact]
    public async Task LatencyProfile_ProjectChoosesRealistic_RunsItsRunningTimeAndCancelsAfterItsCancelDelay()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        await new ControlTestClient(operations.Grpc).SetLatencyProfileAsync("slow", "realistic").DefaultTimeout();
        var started = await StartAsync(operations.Grpc, "BatchOptimizeTours", "projects/slow/locations/l").DefaultTimeout();
        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(15)).DefaultTimeout();

        await operations.CancelAsync(started.Name).DefaultTimeout();
        await clock.WhenTimerDueIn(TimeSpan.FromSeconds(20)).DefaultTimeout();
        var cancelling = await operations.GetAsync(started.Name).DefaultTimeout();
        clock.Advance(TimeSpan.FromSeconds(20));
        var cancelled = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.False(cancelling.Done);
        Assert.Equal((int)Code.Cancelled, cancelled.Error.Code);
    }

    [Fact]
    public async Task LatencyProfile_CancelWhenTheWorkEndsWithinTheCancelDelay_KeepsTheResponse()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        await new ControlTestClient(operations.Grpc).SetLatencyProfileAsync("slow", "realistic").DefaultTimeout();
        var started = await StartAsync(operations.Grpc, "OptimizeToursLongRunning", "projects/slow").DefaultTimeout();
        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(15)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(10));

        await operations.CancelAsync(started.Name).DefaultTimeout();
        await clock.WhenTimerDueIn(TimeSpan.FromSeconds(10)).DefaultTimeout();
        clock.Advance(TimeSpan.FromSeconds(10));
        var done = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.Equal(Operation.ResultOneofCase.Response, done.ResultCase);
        Assert.Equal(RecordingRoutePlanner.Solution(Tours("projects/slow")), done.Response.Unpack<OptimizeToursResponse>());
    }

    [Fact]
    public async Task FaultRule_OnBatchOptimizeTours_FailsTheCallWithItsStatus()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var operations = new OperationsTestClient(server.CreateClient());
        await new ControlTestClient(operations.Grpc).AddFaultAsync(new FaultRule
        {
            Method = "google.maps.routeoptimization.v1.RouteOptimization/BatchOptimizeTours",
            ResourcePattern = "projects/p/*",
            Count = 1,
            Status = new Google.Rpc.Status { Code = (int)Code.Unavailable, Message = "try again" },
        }).DefaultTimeout();

        var failed = await operations.Grpc.CallForStatusAsync(Service + "BatchOptimizeTours", BatchRequest("projects/p/locations/l")).DefaultTimeout();
        var retried = await StartAsync(operations.Grpc, "BatchOptimizeTours", "projects/p/locations/l").DefaultTimeout();

        Assert.Equal((Code.Unavailable, "try again"), (failed.StatusCode, failed.GrpcMessage));
        Assert.Equal(retried, Assert.Single((await operations.ListAsync("projects/p/locations/l").DefaultTimeout()).Operations));
    }

    internal static Task<TestServer> StartAsync(ManualTimeProvider clock, IRoutePlanner? planner = null, IDictionary<string, string?>? settings = null) =>
        TestServer.StartAsync(settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton(planner ?? new RecordingRoutePlanner());
        });

    internal static Task<Operation> StartAsync(GrpcTestClient client, string method, string parent)
    {
        IMessage request = method switch
        {
            "BatchOptimizeTours" => BatchRequest(parent),
            "OptimizeToursUri" => UriRequest(parent),
            _ => Tours(parent),
        };
        return client.CallAsync(Service + method, request, Operation.Parser);
    }

    internal static OptimizeToursRequest Tours(string parent) => new()
    {
        Parent = parent,
        Label = "monday",
        Model = new ShipmentModel
        {
            Shipments = { new Shipment { Label = "parcel", Deliveries = { new Shipment.Types.VisitRequest { ArrivalLocation = new Google.Type.LatLng { Latitude = 48.86, Longitude = 2.35 } } } } },
            Vehicles = { new Vehicle { Label = "van" }, new Vehicle { Label = "bike" } },
        },
    };

    internal static BatchOptimizeToursRequest BatchRequest(string parent) => new()
    {
        Parent = parent,
        ModelConfigs =
        {
            new BatchOptimizeToursRequest.Types.AsyncModelConfig
            {
                InputConfig = new InputConfig { GcsSource = new GcsSource { Uri = "gs://bucket/in.json" }, DataFormat = DataFormat.Json },
                OutputConfig = new OutputConfig { GcsDestination = new GcsDestination { Uri = "gs://bucket/out.json" }, DataFormat = DataFormat.Json },
            },
        },
    };

    private static OptimizeToursUriRequest UriRequest(string parent) => new()
    {
        Parent = parent,
        Input = new Uri { Uri_ = "gs://bucket/in.json" },
        Output = new Uri { Uri_ = "gs://bucket/out.json" },
    };

    private static async Task<Operation> RunToEndAsync(ManualTimeProvider clock, OperationsTestClient operations, string name, TimeSpan duration)
    {
        await clock.WhenTimerDueIn(duration).DefaultTimeout();
        clock.Advance(duration);
        var done = await operations.WaitAsync(name, TimeSpan.FromMinutes(1)).DefaultTimeout();
        Assert.True(done.Done);
        return done;
    }
}
