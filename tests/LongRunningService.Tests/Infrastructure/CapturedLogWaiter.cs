using LongRunningService.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// Waits for a log entry that the server writes as a call ends, which may be a
/// moment after the client has its answer (a REST body can arrive before the
/// handler returns). Polls until the entry is there; fails after the default timeout.
/// </summary>
internal static class CapturedLogWaiter
{
    public static async Task<(LogLevel Level, string Category, int EventId, string Message, Exception? Exception)> WaitForAsync(
        this CapturingLoggerProvider logs,
        Func<(LogLevel Level, string Category, int EventId, string Message, Exception? Exception), bool> match)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            foreach (var entry in logs.Entries)
            {
                if (match(entry))
                {
                    return entry;
                }
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The per-call line whose message starts with <paramref name="prefix"/>, e.g. <c>grpc /pkg.Service/Method OK</c>.</summary>
    public static async Task<string> WaitForCallLineAsync(this CapturingLoggerProvider logs, string prefix)
    {
        var entry = await logs.WaitForAsync(e => e.Category == CallLog.Category && e.Message.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        return entry.Message;
    }
}
