using System.Net;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Hosting;

public sealed class FirstCallTests
{
    [Fact]
    public async Task RestCallsMadeAsSoonAsTheServerListens_AreAnswered_AndRoutingsWarmUpIsNoCall()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        // Sent together the moment the port is open, while routing may still be building its matcher.
        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.GetAsync("/emulator/v1/clock")));
        var unknown = await http.GetAsync("/v1/nowhere");

        Assert.All(first, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await server.Logs.WaitForCallLineAsync("rest GET /v1/nowhere ");
        var lines = server.Logs.Entries.Where(e => e.Category == CallLog.Category).Select(e => e.Message).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(4, lines.Count(line => line.StartsWith("rest /", StringComparison.Ordinal) && line.Contains("/GetClock OK in ", StringComparison.Ordinal)));
    }
}
