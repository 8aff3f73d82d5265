using System.Net;
using Google.LongRunning;
using Grpc.Health.V1;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Reflection;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.Operating;

/// <summary>The shared secret (Auth:Token): every protocol refuses without it, in its own error shape; health and metrics stay open.</summary>
public sealed class AuthTests
{
    private const string Token = "s3cret-token";
    private const string GetOperation = OperationsTestClient.Operations + "GetOperation";

    private static readonly Dictionary<string, string?> WithToken = new() { ["Auth:Token"] = Token };

    public static TheoryData<string?, string?> RefusedGrpcCredentials => new()
    {
        { null, null },
        { "authorization", "Bearer wrong" },
        { "authorization", Token },
        { "x-goog-api-key", "wrong" },
    };

    [Theory]
    [MemberData(nameof(RefusedGrpcCredentials))]
    public async Task Grpc_WithoutTheToken_EndsUnauthenticatedTrailersOnly(string? header, string? value)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(GetOperation, new GetOperationRequest { Name = "operations/x" }, r => AddHeader(r, header, value));

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.True(result.IsTrailersOnly);
        Assert.Equal(16, result.GrpcStatus);
        Assert.Contains("authorization: Bearer <token>", result.GrpcMessage, StringComparison.Ordinal);
        await server.Logs.WaitForCallLineAsync("grpc /google.longrunning.Operations/GetOperation UNAUTHENTICATED in ");
    }

    [Theory]
    [InlineData("authorization", "Bearer " + Token)]
    [InlineData("authorization", "bearer " + Token)]
    [InlineData("x-goog-api-key", Token)]
    public async Task Grpc_WithTheToken_RunsTheCall(string header, string value)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(GetOperation, new GetOperationRequest { Name = "operations/x" }, r => AddHeader(r, header, value));

        Assert.Equal(Google.Rpc.Code.NotFound, result.StatusCode);
    }

    [Fact]
    public async Task Rest_WithoutTheToken_Answers401InGooglesErrorShape()
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync($"/v1/operations/x?key=wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(401, response.Error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", response.Error.GetProperty("status").GetString());
        Assert.Contains("x-goog-api-key: <token>", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?key=" + Token, null, null)]
    [InlineData("", "authorization", "Bearer " + Token)]
    [InlineData("", "x-goog-api-key", Token)]
    public async Task Rest_WithTheToken_RunsTheCall(string query, string? header, string? value)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var grpcClient = server.CreateClient();
        grpcClient.Http.DefaultRequestHeaders.Add("x-goog-api-key", Token);
        var started = await new OperationsTestClient(grpcClient).StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync($"/v1/{started.Name}{query}", r => AddHeader(r, header, value));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(started.Name, response.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Reflection_WithoutTheToken_EndsUnauthenticated()
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();

        var result = await client.CallRawAsync("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = "" });

        Assert.Equal(16, result.GrpcStatus);
    }

    [Fact]
    public async Task HealthAndMetrics_WithoutTheToken_StayOpen()
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var health = await client.CallAsync("/grpc.health.v1.Health/Check", new HealthCheckRequest(), HealthCheckResponse.Parser);
        using var healthz = await http.GetAsync("/healthz").DefaultTimeout();
        using var metrics = await http.GetAsync("/metrics").DefaultTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task GrpcWeb_WithoutTheToken_EndsUnauthenticated_WithItRunsTheCall()
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var body = GrpcFrames.Frame(new GetOperationRequest { Name = "operations/x" });

        var refused = await web.PostAsync(GetOperation, "application/grpc-web+proto", new ByteArrayContent(body));
        var allowed = await web.PostAsync(GetOperation, "application/grpc-web+proto", new ByteArrayContent(body), r => AddHeader(r, "x-goog-api-key", Token));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("16", refused.Header("grpc-status"));
        Assert.Equal("5", allowed.Header("grpc-status") ?? WebTestClient.TrailerLines(WebTestClient.Envelopes(allowed.Body)[^1].Payload)["grpc-status"]);
    }

    [Fact]
    public async Task Connect_WithoutTheToken_Answers401WithConnectsErrorJson_WithItRunsTheCall()
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        static HttpContent Body() => new StringContent("""{"name":"operations/x"}""");

        var refused = await web.PostAsync(GetOperation, "application/json", Body());
        var allowed = await web.PostAsync(GetOperation, "application/json", Body(), r => AddHeader(r, "authorization", "Bearer " + Token));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        using var error = System.Text.Json.JsonDocument.Parse(refused.Text);
        Assert.Equal("unauthenticated", error.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, allowed.Status);
        await server.Logs.WaitForCallLineAsync("connect /google.longrunning.Operations/GetOperation NOT_FOUND in ");
    }

    private static void AddHeader(HttpRequestMessage request, string? header, string? value)
    {
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
    }
}
