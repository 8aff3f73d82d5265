using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>The one line logged per call, with fixed event IDs (the call log's are 300 and up).</summary>
internal static partial class CallLog
{
    /// <summary>The category of the per-call lines, so their level can be set apart from the rest.</summary>
    public const string Category = "LongRunningService.Calls";

    [LoggerMessage(301, LogLevel.Information, "{Protocol} {Method} {StatusCode} in {DurationMs:0.###} ms from {Peer}")]
    public static partial void CallEnded(ILogger logger, string protocol, string method, string statusCode, double durationMs, string peer);

    [LoggerMessage(302, LogLevel.Information, "{Protocol} {Method} {StatusCode} in {DurationMs:0.###} ms from {Peer} on {ResourceName}")]
    public static partial void CallEndedOnResource(ILogger logger, string protocol, string method, string statusCode, double durationMs, string peer, string resourceName);
}
