using LongRunningService.Hosting;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Operating;

/// <summary>What the built server prints: its version and addresses at every log level, once each, and one line per log entry.</summary>
public sealed class StartupLogTests
{
    [Theory]
    [InlineData("Warning")]
    [InlineData("None")]
    public async Task QuietLogLevel_StillPrintsTheVersionAndTheRealAddress(string level)
    {
        await using var server = ServerProcess.Start(Path.GetTempPath(), "--port", "0", "--log-level", level);

        var address = await server.ListeningAsync();
        using var http = new HttpClient { BaseAddress = address };
        var health = await http.GetStringAsync("/healthz").DefaultTimeout();

        Assert.NotEqual(0, address.Port);
        Assert.Equal("SERVING", health.Trim());
        Assert.Equal($"LongRunningService {StartupAnnouncement.Version}", server.Output[0]);
        Assert.Single(server.Output, line => line.Contains("Listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultLogLevel_AnnouncesEachAddressOnce_AndACallIsOneLine()
    {
        await using var server = ServerProcess.Start(Path.GetTempPath(), "--port", "0");
        var address = await server.ListeningAsync();
        using var http = new HttpClient { BaseAddress = address };

        using var response = await http.GetAsync("/v1/operations/lines-1").DefaultTimeout();
        var line = await server.WaitForOutputAsync(l => l.Contains("operations/lines-1", StringComparison.Ordinal));

        Assert.StartsWith("info: LongRunningService.Calls[", line, StringComparison.Ordinal);
        Assert.Contains(" NOT_FOUND in ", line, StringComparison.Ordinal);
        Assert.Contains("from ipv4:127.0.0.1:", line, StringComparison.Ordinal);
        var output = server.Output;
        Assert.Single(output, l => l.Contains("operations/lines-1", StringComparison.Ordinal));
        Assert.Single(output, l => l.Contains("Listening on http://", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("Now listening on", StringComparison.Ordinal));
        // Every other line starts an entry of its own: none runs on over two lines.
        Assert.All(
            output.Where(l => !l.StartsWith("LongRunningService ", StringComparison.Ordinal) && !l.StartsWith("Listening on ", StringComparison.Ordinal)),
            l => Assert.True(IsEntryStart(l), $"Not a log entry of its own: '{l}'"));
    }

    private static bool IsEntryStart(string line) =>
        line.StartsWith("info: ", StringComparison.Ordinal) || line.StartsWith("warn: ", StringComparison.Ordinal)
        || line.StartsWith("dbug: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal)
        || line.StartsWith("crit: ", StringComparison.Ordinal) || line.StartsWith("trce: ", StringComparison.Ordinal);
}
