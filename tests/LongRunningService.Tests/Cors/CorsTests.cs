using System.Net;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Cors;

public sealed class CorsTests
{
    private const string AllowedOrigin = "http://app.test:5173";
    private const string Echo = ProtocolTestServer.Service + "Echo";

    private static Dictionary<string, string?> Allowing(string origins) => new() { ["Cors:AllowedOrigins:0"] = origins };

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task Preflight_AllowedOrigin_EchoesOriginMethodAndRequestedHeaders(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync(Allowing("http://other.test, " + AllowedOrigin));
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));

        var response = await client.SendAsync(Preflight(AllowedOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(AllowedOrigin, response.Header("access-control-allow-origin"));
        Assert.Equal("POST", response.Header("access-control-allow-methods"));
        Assert.Equal("content-type,x-grpc-web,x-user-agent", response.Header("access-control-allow-headers"));
        Assert.Equal("7200", response.Header("access-control-max-age"));
        Assert.Contains("Origin", response.Header("vary"));
    }

    [Fact]
    public async Task Preflight_StarAllowsAnyOrigin_EchoingIt()
    {
        await using var server = await ProtocolTestServer.StartAsync(Allowing("*"));
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.SendAsync(Preflight("http://anywhere.test"));

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("http://anywhere.test", response.Header("access-control-allow-origin"));
    }

    [Fact]
    public async Task Preflight_OriginNotOnTheList_Is403WithoutCorsHeaders()
    {
        await using var server = await ProtocolTestServer.StartAsync(Allowing(AllowedOrigin));
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.SendAsync(Preflight("http://evil.test"));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Null(response.Header("access-control-allow-origin"));
    }

    [Fact]
    public async Task Preflight_NoOriginsConfigured_IsRefused()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.SendAsync(Preflight(AllowedOrigin));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
    }

    [Fact]
    public async Task GrpcWebResponse_AllowedOrigin_ExposesStatusAndMetadataHeaders()
    {
        await using var server = await ProtocolTestServer.StartAsync(Allowing(AllowedOrigin));
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(
            Echo, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = "x" })), r => r.Headers.Add("Origin", AllowedOrigin));

        Assert.Equal(AllowedOrigin, response.Header("access-control-allow-origin"));
        var exposed = response.Header("access-control-expose-headers")!.Split(", ");
        Assert.Contains("grpc-status", exposed);
        Assert.Contains("grpc-message", exposed);
        Assert.Contains("grpc-status-details-bin", exposed);
        Assert.Contains("echo-header", exposed);
    }

    [Fact]
    public async Task RestAndConnectResponses_OtherOrigin_GetNoCorsHeaders_AllowedOriginDoes()
    {
        await using var server = await ProtocolTestServer.StartAsync(Allowing(AllowedOrigin));
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var denied = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/operations/missing") { Headers = { { "Origin", "http://evil.test" } } });
        var allowed = await client.PostAsync(Echo, "application/json", new StringContent("{}"), r => r.Headers.Add("Origin", AllowedOrigin));

        Assert.Equal(HttpStatusCode.NotFound, denied.Status);
        Assert.Null(denied.Header("access-control-allow-origin"));
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal(AllowedOrigin, allowed.Header("access-control-allow-origin"));
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, Echo)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent" },
        },
    };
}
