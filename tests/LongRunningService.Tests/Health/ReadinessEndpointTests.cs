using System.Net;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace LongRunningService.Tests.Health;

public sealed class ReadinessEndpointTests
{
    public static TheoryData<string> HttpVersions => ["1.1", "2.0"];

    [Theory]
    [MemberData(nameof(HttpVersions))]
    public async Task Healthz_WhileServing_Returns200Serving(string version)
    {
        await using var server = await TestServer.StartAsync();
        using var http = CreateClient(server, version);

        using var response = await http.GetAsync("/healthz").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("SERVING", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(HttpVersions))]
    public async Task Healthz_ShutdownBegun_Returns503NotServing(string version)
    {
        await using var server = await TestServer.StartAsync();
        using var http = CreateClient(server, version);

        // The first step of every shutdown; the listener is still open, as it is until the host stops it.
        server.GetService<IHostApplicationLifetime>().StopApplication();
        using var response = await http.GetAsync("/healthz").DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("NOT_SERVING", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Healthz_Head_Returns200WithoutBody()
    {
        await using var server = await TestServer.StartAsync();
        using var http = CreateClient(server, "1.1");

        using var request = new HttpRequestMessage(HttpMethod.Head, "/healthz");
        using var response = await http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    [Theory]
    [InlineData("/healthz/")]
    [InlineData("/healthz/x")]
    [InlineData("/Healthz")]
    public async Task Healthz_OtherPath_IsNotTheReadinessEndpoint(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var http = CreateClient(server, "1.1");

        using var response = await http.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpClient CreateClient(TestServer server, string version) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestVersion = Version.Parse(version),
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TestTimeouts.Default,
    };
}
