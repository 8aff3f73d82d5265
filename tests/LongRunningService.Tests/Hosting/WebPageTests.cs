using System.Net;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Hosting;

/// <summary>The page at /emulator/: served from the assembly, open without the token, beside the control API's REST paths.</summary>
public sealed class WebPageTests
{
    public static TheoryData<string, string> Assets => new()
    {
        { "/emulator/", "text/html" },
        { "/emulator/index.html", "text/html" },
        { "/emulator/app.js", "text/javascript" },
        { "/emulator/app.css", "text/css" },
    };

    [Theory]
    [MemberData(nameof(Assets))]
    public async Task Asset_IsServedWithItsTypeAndRevalidated(string path, string contentType)
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "browsers ask again, so a new server's page is never stale");
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Page_IsTheEmbeddedOne_WithItsScriptAndStyle()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        var html = await http.GetStringAsync("/emulator/").DefaultTimeout();

        Assert.Contains("<title>LongRunningService emulator</title>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"app.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"app.css\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asset_SecondRequestWithItsETag_IsNotModified()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);
        using var first = await http.GetAsync("/emulator/app.js").DefaultTimeout();

        using var again = new HttpRequestMessage(HttpMethod.Get, "/emulator/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await http.SendAsync(again).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task BarePath_RedirectsToTheFolder_SoRelativeAssetsResolve()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Default };

        using var response = await http.GetAsync("/emulator").DefaultTimeout();

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/emulator/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/emulator/missing.js")]
    [InlineData("/emulator/WebPage/index.html")]
    [InlineData("/emulator/../emulator/app.js.map")]
    [InlineData("/Emulator/v2/app.js")]
    public async Task UnknownAsset_Is404(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ControlApi_UnderEmulatorV1_StillAnswersRest()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var clock = await http.GetAsync("/emulator/v1/clock").DefaultTimeout();
        using var reset = await http.PostAsync("/emulator/v1:reset", new StringContent("{}")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
        Assert.Equal("application/json", clock.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"mode\"", await clock.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task WithAToken_ThePageIsOpen_ButWhatItReadsIsNot()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Auth:Token"] = "page-secret" });
        using var http = Client(server);

        using var page = await http.GetAsync("/emulator/").DefaultTimeout();
        using var jobs = await http.GetAsync("/emulator/v1/jobs").DefaultTimeout();
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/emulator/v1/jobs");
        withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "page-secret");
        using var allowed = await http.SendAsync(withToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task WritingToThePage_IsNotAnAsset()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Client(server);

        using var response = await http.PostAsync("/emulator/app.js", new StringContent("x")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpClient Client(TestServer server) => new() { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Default };
}
