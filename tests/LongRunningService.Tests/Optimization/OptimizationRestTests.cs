using System.Net;
using System.Text;
using Google.LongRunning;
using Google.Maps.RouteOptimization.V1;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;
using CloudBatchRequest = Google.Cloud.Optimization.V1.BatchOptimizeToursRequest;
using CloudInputConfig = Google.Cloud.Optimization.V1.InputConfig;
using CloudOutputConfig = Google.Cloud.Optimization.V1.OutputConfig;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// Both optimization APIs over REST at the paths Google documents, and over
/// Connect and gRPC-Web: Route Optimization's RPCs, and Cloud Optimization's
/// operations read and cancelled at <c>/v1/{name=projects/*/operations/*}</c>
/// and <c>/v1/{name=projects/*/locations/*/operations/*}</c>.
/// </summary>
public sealed class OptimizationRestTests
{
    private const string FleetRouting = "/google.cloud.optimization.v1.FleetRouting/";
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    [Theory]
    [InlineData("projects/p")]
    [InlineData("projects/p/locations/l")]
    public async Task CloudOptimizationCancel_EmptyBodyWithoutContentType_Answers200AndTheOperationEndsCancelled(string parent)
    {
        var clock = new ManualTimeProvider();
        await using var server = await RouteOptimizationTests.StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await CloudBatchAsync(operations.Grpc, parent);

        var response = await rest.SendAsync(HttpMethod.Post, $"/v1/{started.Name}:cancel", body: null, r => r.Content = new ByteArrayContent([]));
        var cancelled = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();
        var read = await rest.GetAsync($"/v1/{started.Name}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Empty(response.Json.EnumerateObject());
        Assert.Equal((int)Code.Cancelled, cancelled.Error.Code);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(1, read.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("CANCELLED", read.Json.GetProperty("metadata").GetProperty("state").GetString());
    }

    [Fact]
    public async Task CloudOptimizationCancel_EmptyJsonObject_Answers200()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var operations = new OperationsTestClient(server.CreateClient());
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await CloudBatchAsync(operations.Grpc, "projects/p");

        var response = await rest.PostAsync($"/v1/{started.Name}:cancel", "{}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal((int)Code.Cancelled, (await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout()).Error.Code);
    }

    [Fact]
    public async Task CloudOptimizationCancel_FinishedOperation_KeepsItsResponse()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider(), settings: new Dictionary<string, string?> { ["Optimization:BatchDuration"] = "00:00:00" });
        var operations = new OperationsTestClient(server.CreateClient());
        using var rest = new RestTestClient(server.BaseAddress);
        var done = await CloudBatchAsync(operations.Grpc, "projects/p");

        var response = await rest.PostAsync($"/v1/{done.Name}:cancel", body: null);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(done.Done);
        Assert.Equal(done, await operations.GetAsync(done.Name).DefaultTimeout());
    }

    [Theory]
    [InlineData("POST", "/v1/projects/p/operations/missing:cancel", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("GET", "/v1/projects/p/operations/missing", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("POST", "/v1/projects/p/locations/l/operations/missing:cancel", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("POST", "/v1/projects/p/operations/bad%20id:cancel", HttpStatusCode.BadRequest, "INVALID_ARGUMENT")]
    [InlineData("GET", "/v1/projects/p/operations/bad%20id", HttpStatusCode.BadRequest, "INVALID_ARGUMENT")]
    public async Task OperationPath_UnknownOrMalformedName_AnswersLikeEveryOtherBinding(string method, string path, HttpStatusCode status, string code)
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.SendAsync(new HttpMethod(method), path, body: null);

        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.Error.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/v1/projects/p/locations/l:optimizeToursLongRunning", "OptimizeToursLongRunningMetadata")]
    [InlineData("/v1/projects/p:optimizeToursLongRunning", "OptimizeToursLongRunningMetadata")]
    [InlineData("/v1/projects/p/locations/l:OptimizeToursUri", "OptimizeToursUriMetadata")]
    [InlineData("/v1/projects/p:OptimizeToursUri", "OptimizeToursUriMetadata")]
    public async Task RouteOptimizationLongRunning_AtItsRestPaths_StartsAnOperationOfItsType(string path, string metadataType)
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        using var rest = new RestTestClient(server.BaseAddress);
        var body = path.EndsWith("Uri", StringComparison.Ordinal)
            ? """{"input":{"uri":"gs://b/in.json"},"output":{"uri":"gs://b/out.json"}}"""
            : """{"model":{"vehicles":[{"label":"van"}]}}""";

        var response = await rest.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var parent = path[4..path.IndexOf(':', StringComparison.Ordinal)];
        Assert.StartsWith(parent + "/operations/", response.Json.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("type.googleapis.com/google.maps.routeoptimization.v1." + metadataType, response.Json.GetProperty("metadata").GetProperty("@type").GetString());
    }

    [Fact]
    public async Task OptimizeToursUri_LowerCaseVerb_IsNotAPath()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/v1/projects/p/locations/l:optimizeToursUri", """{"input":{"uri":"gs://b/in.json"},"output":{"uri":"gs://b/out.json"}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task RouteOptimizationOperation_ReadAndCancelledOverRest_EndsCancelled()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var operations = new OperationsTestClient(server.CreateClient());
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await rest.PostAsync("/v1/projects/p/locations/l:batchOptimizeTours", JsonFormatter.Default.Format(RouteOptimizationTests.BatchRequest("projects/p/locations/l")));
        var name = started.Json.GetProperty("name").GetString()!;

        var cancel = await rest.PostAsync($"/v1/{name}:cancel", "{}");
        await operations.WaitAsync(name, TimeSpan.FromMinutes(1)).DefaultTimeout();
        var done = await rest.GetAsync($"/v1/{name}");

        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal(1, done.Json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("type.googleapis.com/google.maps.routeoptimization.v1.BatchOptimizeToursMetadata", done.Json.GetProperty("metadata").GetProperty("@type").GetString());
    }

    [Fact]
    public async Task OptimizeTours_OverRestConnectAndGrpcWeb_ReturnsThePlannersSolution()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        using var rest = new RestTestClient(server.BaseAddress);
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var request = RouteOptimizationTests.Tours("projects/p/locations/l");
        var expected = RecordingRoutePlanner.Solution(request);
        var json = JsonFormatter.Default.Format(request);

        var overRest = await rest.PostAsync("/v1/projects/p/locations/l:optimizeTours", json);
        var overConnect = await web.PostAsync(RouteOptimizationTests.Service + "OptimizeTours", "application/json", new StringContent(json, Encoding.UTF8));
        var overGrpcWeb = await web.PostAsync(
            RouteOptimizationTests.Service + "OptimizeTours", "application/grpc-web+proto", new ByteArrayContent(GrpcFrames.Frame(request)));

        Assert.Equal(expected, Parser.Parse<OptimizeToursResponse>(overRest.Body));
        Assert.Equal(expected, Parser.Parse<OptimizeToursResponse>(overConnect.Text));
        var (flags, payload) = WebTestClient.Envelopes(overGrpcWeb.Body)[0];
        Assert.Equal(0, flags);
        Assert.Equal(expected, OptimizeToursResponse.Parser.ParseFrom(payload));
    }

    private static Task<Operation> CloudBatchAsync(GrpcTestClient client, string parent) =>
        client.CallAsync(FleetRouting + "BatchOptimizeTours", new CloudBatchRequest
        {
            Parent = parent,
            ModelConfigs =
            {
                new CloudBatchRequest.Types.AsyncModelConfig
                {
                    InputConfig = new CloudInputConfig { GcsSource = new Google.Cloud.Optimization.V1.GcsSource { Uri = "gs://b/in.json" } },
                    OutputConfig = new CloudOutputConfig { GcsDestination = new Google.Cloud.Optimization.V1.GcsDestination { Uri = "gs://b/out.json" } },
                },
            },
        }, Operation.Parser).DefaultTimeout();
}
