using Google.LongRunning;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// Operations of several APIs under one parent: a list through an API's REST
/// bindings holds only that API's operations (and the emulator's own), since
/// Google's REST clients decode every <c>Any</c> in it; gRPC lists them all.
/// </summary>
public sealed class OperationListByApiTests
{
    private const string Parent = "projects/p/locations/l";

    [Theory]
    [InlineData("/ui/")]
    [InlineData("/v1/")]
    [InlineData("/v1beta1/")]
    public async Task VertexRestList_NextToOptimizationOperations_HoldsOnlyVertexAndEmulatorOperations(string prefix)
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var (vertex, emulator, _) = await StartOneOfEachAsync(server);
        using var rest = new RestTestClient(server.BaseAddress);

        var listed = await rest.GetAsync($"{prefix}{Parent}/operations");

        Assert.Equal(
            [vertex.Name, emulator.Name],
            listed.Json.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task VertexRestList_PagedNextToOptimizationOperations_SkipsThemAcrossPages()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var (vertex, emulator, _) = await StartOneOfEachAsync(server);
        using var rest = new RestTestClient(server.BaseAddress);

        var first = await rest.GetAsync($"/ui/{Parent}/operations?pageSize=1");
        var token = first.Json.GetProperty("nextPageToken").GetString()!;
        var second = await rest.GetAsync($"/ui/{Parent}/operations?pageSize=1&pageToken={Uri.EscapeDataString(token)}");

        Assert.Equal(vertex.Name, Assert.Single(first.Json.GetProperty("operations").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(emulator.Name, Assert.Single(second.Json.GetProperty("operations").EnumerateArray()).GetProperty("name").GetString());
        Assert.False(second.Json.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task GrpcList_OperationsOfSeveralApis_HoldsThemAll()
    {
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var (vertex, emulator, optimization) = await StartOneOfEachAsync(server);

        var listed = await new OperationsTestClient(server.CreateClient()).ListAsync(Parent).DefaultTimeout();

        Assert.Equal([vertex.Name, optimization[0].Name, emulator.Name, optimization[1].Name], listed.Operations.Select(o => o.Name));
    }

    [Fact]
    public async Task VertexRestList_AfterStateIsExportedAndImported_StillLeavesOptimizationOperationsOut()
    {
        await using var source = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        var (vertex, emulator, _) = await StartOneOfEachAsync(source);
        var state = await new ControlTestClient(source.CreateClient()).ExportStateAsync("p").DefaultTimeout();
        await using var target = await RouteOptimizationTests.StartAsync(new ManualTimeProvider());
        await new ControlTestClient(target.CreateClient()).ImportStateAsync(state).DefaultTimeout();
        using var rest = new RestTestClient(target.BaseAddress);

        var listed = await rest.GetAsync($"/ui/{Parent}/operations");
        var all = await new OperationsTestClient(target.CreateClient()).ListAsync(Parent).DefaultTimeout();

        Assert.Equal(
            [vertex.Name, emulator.Name],
            listed.Json.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(4, all.Operations.Count);
    }

    // A Vertex deletion, then Route Optimization's and Cloud Optimization's batches around an emulator operation.
    private static async Task<(Operation Vertex, Operation Emulator, Operation[] Optimization)> StartOneOfEachAsync(TestServer server)
    {
        var client = server.CreateClient();
        var vertexClient = new VertexTestClient(client);
        var job = await vertexClient.CreatePipelineJobAsync(
            Parent, VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms"))).DefaultTimeout();
        await VertexTestClient.EventuallyAsync(() => vertexClient.GetPipelineJobAsync(job.Name), j => j.State == Google.Cloud.AIPlatform.V1.PipelineState.Succeeded).DefaultTimeout();
        var vertex = await vertexClient.DeletePipelineJobAsync(job.Name).DefaultTimeout();
        var route = await RouteOptimizationTests.StartAsync(client, "BatchOptimizeTours", Parent).DefaultTimeout();
        var emulator = await new OperationsTestClient(client).StartAsync(Parent, OperationsTestClient.LongRunning()).DefaultTimeout();
        var cloud = await client.CallAsync(
            "/google.cloud.optimization.v1.FleetRouting/BatchOptimizeTours",
            new Google.Cloud.Optimization.V1.BatchOptimizeToursRequest
            {
                Parent = Parent,
                ModelConfigs =
                {
                    new Google.Cloud.Optimization.V1.BatchOptimizeToursRequest.Types.AsyncModelConfig
                    {
                        InputConfig = new Google.Cloud.Optimization.V1.InputConfig(),
                        OutputConfig = new Google.Cloud.Optimization.V1.OutputConfig(),
                    },
                },
            },
            Operation.Parser).DefaultTimeout();
        return (vertex, emulator, [route, cloud]);
    }
}
