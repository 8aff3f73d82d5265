using System.Net;
using System.Text.Json;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Transcoding;

/// <summary>
/// Where Google's REST differs from JSON transcoding's defaults, the server answers as
/// Google's does: int64 as strings and default values left out, failures the library
/// finds itself in Google's envelope (and in the journal), far-off deadlines as none.
/// </summary>
public sealed class RestDialectTests
{
    [Fact]
    public async Task Int64Fields_AreStrings_AndDefaultValuesAreLeftOut()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/emulator/v1/faultRules", """{"method":"*","resourcePattern":"none/*","seed":"12345678901234567","count":1,"status":{"code":14}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var rule = response.Json;
        Assert.Equal(JsonValueKind.String, rule.GetProperty("seed").ValueKind);
        Assert.Equal("12345678901234567", rule.GetProperty("seed").GetString());
        Assert.Equal(1, rule.GetProperty("count").GetInt32());
        Assert.False(rule.TryGetProperty("firedCount", out _));
        Assert.False(rule.TryGetProperty("probability", out _));
    }

    [Theory]
    [InlineData("/v1/projects/p/locations/l/operations?pageSize=abc", "GET", null)]
    [InlineData("/emulator/v1/operations:start", "POST", """{"parent":5}""")]
    [InlineData("/emulator/v1/operations:start", "POST", """{"script":{"duration":"soon"}}""")]
    public async Task ValueTheLibraryCannotRead_Is400InGooglesEnvelope_AndReachesTheJournal(string path, string method, string? body)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        using var grpcClient = server.CreateClient();
        var control = new ControlTestClient(grpcClient);

        var response = await rest.SendAsync(new HttpMethod(method), path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(400, response.Error.GetProperty("code").GetInt32());
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.NotEmpty(response.Error.GetProperty("message").GetString()!);
        var calls = await control.ListCallsAsync();
        var call = Assert.Single(calls.Calls, c => c.Protocol == "rest");
        Assert.Equal(3, call.StatusCode);
    }

    [Theory]
    [InlineData("X-Server-Timeout", "4294968")]
    [InlineData("X-Server-Timeout", "99999999.5")]
    [InlineData("grpc-timeout", "1200H")]
    [InlineData("grpc-timeout", "99999999H")]
    public async Task FarOffDeadline_IsNoDeadline(string header, string value)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/projects/p/locations/l/operations", r => r.Headers.TryAddWithoutValidation(header, value));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task ShortDeadline_EndsAWaitInTime_WithTheLatestState()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await rest.PostAsync("/emulator/v1/operations:start", """{"parent":"projects/p/locations/l","operationId":"slow","script":{"duration":"3600s"}}""");
        Assert.Equal(HttpStatusCode.OK, started.Status);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waited = await rest.PostAsync("/v1/projects/p/locations/l/operations/slow:wait?timeout=30s", null, r => r.Headers.Add("grpc-timeout", "300m"));

        Assert.Equal(HttpStatusCode.OK, waited.Status);
        Assert.False(waited.Json.TryGetProperty("done", out _));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5X")]
    [InlineData("123456789S")]
    public async Task MalformedGrpcTimeout_Is400(string value)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/projects/p/locations/l/operations", r => r.Headers.TryAddWithoutValidation("grpc-timeout", value));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal($"Invalid grpc-timeout header '{value}'.", response.Error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DollarParameters_AreSystemParameters_AndAreAccepted()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        // Names starting with $ are system parameters (none is a field): taken out of the query before the library binds it.
        for (var i = 0; i < 50; i++)
        {
            var response = await rest.GetAsync($"/v1/projects/p/locations/l/operations?$x{i}=1");
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }
    }
}
