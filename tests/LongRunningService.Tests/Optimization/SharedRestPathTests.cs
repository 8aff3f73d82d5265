using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// The REST paths Cloud Optimization and Route Optimization both bind, and
/// <c>Optimization:SharedRestPaths</c>, which says which API answers them.
/// </summary>
public sealed class SharedRestPathTests
{
    private const string Cloud = "google.cloud.optimization.v1.FleetRouting";
    private const string Route = "google.maps.routeoptimization.v1.RouteOptimization";

    [Theory]
    [InlineData(null, "/v1/projects/p/locations/l:batchOptimizeTours", Route)]
    [InlineData(null, "/v1/projects/p:batchOptimizeTours", Cloud)]
    [InlineData(null, "/v1/projects/p/locations/l:optimizeTours", Route)]
    [InlineData(null, "/v1/projects/p:optimizeTours", Cloud)]
    [InlineData("Split", "/v1/projects/p/locations/l:batchOptimizeTours", Route)]
    [InlineData("RouteOptimization", "/v1/projects/p:batchOptimizeTours", Route)]
    [InlineData("RouteOptimization", "/v1/projects/p:optimizeTours", Route)]
    [InlineData("RouteOptimization", "/v1/projects/p/locations/l:batchOptimizeTours", Route)]
    [InlineData("RouteOptimization", "/v1/projects/p/locations/l:optimizeTours", Route)]
    [InlineData("CloudOptimization", "/v1/projects/p/locations/l:batchOptimizeTours", Cloud)]
    [InlineData("CloudOptimization", "/v1/projects/p/locations/l:optimizeTours", Cloud)]
    [InlineData("CloudOptimization", "/v1/projects/p:batchOptimizeTours", Cloud)]
    [InlineData("CloudOptimization", "/v1/projects/p:optimizeTours", Cloud)]
    public async Task SharedPath_WithOrWithoutTheOption_IsAnsweredByTheChosenApi(string? option, string path, string service)
    {
        var settings = new Dictionary<string, string?> { ["Optimization:SharedRestPaths"] = option };
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider(), settings: settings);
        using var rest = new RestTestClient(server.BaseAddress);
        var parent = path[4..path.IndexOf(':', StringComparison.Ordinal)];
        var verb = path[(path.IndexOf(':', StringComparison.Ordinal) + 1)..];

        var body = verb == "optimizeTours"
            ? "{}"
            : """{"modelConfigs":[{"inputConfig":{"gcsSource":{"uri":"gs://b/in.json"}},"outputConfig":{"gcsDestination":{"uri":"gs://b/out.json"}}}]}""";

        var response = await rest.PostAsync(path, body);
        var calls = await new ControlTestClient(server.CreateClient()).ListCallsAsync(resource: parent).DefaultTimeout();

        // The journal names the method that answered; a method this server does not implement is
        // not journalled, but its UNIMPLEMENTED answer names it.
        var method = $"{service}/{char.ToUpperInvariant(verb[0])}{verb[1..]}";
        if (response.Status == System.Net.HttpStatusCode.NotImplemented)
        {
            Assert.Contains($"/{method}'", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(method, Assert.Single(calls.Calls, c => c.Protocol == "rest").Method);
        }
    }

    [Theory]
    [InlineData(null, "Route", "Cloud")]
    [InlineData("CloudOptimization", "Cloud", "Cloud")]
    [InlineData("RouteOptimization", "Route", "Route")]
    public async Task StartUp_SharedPaths_LogsWhichApiAnswersEach(string? option, string locationsApi, string projectsApi)
    {
        var settings = new Dictionary<string, string?> { ["Optimization:SharedRestPaths"] = option };
        await using var server = await RouteOptimizationTests.StartAsync(new ManualTimeProvider(), settings: settings);
        string Line(string template, string api) =>
            $"REST path POST {template} is bound by two services: {(api == "Route" ? Route : Cloud)} answers it there, not {(api == "Route" ? Cloud : Route)}";

        var logged = server.Logs.Entries.Where(e => e.EventId == 108 && e.Category.EndsWith("RestServedDescriptors", StringComparison.Ordinal)).Select(e => e.Message).ToList();

        Assert.Equal(
            [
                Line("/v1/{parent=projects/*/locations/*}:optimizeTours", locationsApi),
                Line("/v1/{parent=projects/*}:optimizeTours", projectsApi),
                Line("/v1/{parent=projects/*/locations/*}:batchOptimizeTours", locationsApi),
                Line("/v1/{parent=projects/*}:batchOptimizeTours", projectsApi),
            ],
            logged);
    }

    [Fact]
    public async Task StartUp_UnknownSharedRestPathsValue_StopsNamingTheChoices()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(new Dictionary<string, string?> { ["Optimization:SharedRestPaths"] = "Both" }));

        Assert.Contains("'Both' is not one of Split, RouteOptimization, CloudOptimization.", exception.Message, StringComparison.Ordinal);
    }
}
