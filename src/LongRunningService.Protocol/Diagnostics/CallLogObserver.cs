using LongRunningService.Protocol.Transcoding;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Logs one structured line per call at Information, under <see cref="CallLog.Category"/>.</summary>
internal sealed class CallLogObserver(ILoggerFactory loggers) : ICallObserver
{
    private readonly ILogger _logger = loggers.CreateLogger(CallLog.Category);

    public void CallEnded(in CallRecord call)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var status = HttpStatusMapping.ToStatusName(call.Status);
        var milliseconds = call.Duration.TotalMilliseconds;
        if (call.ResourceName is { } resource)
        {
            CallLog.CallEndedOnResource(_logger, call.Protocol, call.Method, status, milliseconds, call.Peer, resource);
        }
        else
        {
            CallLog.CallEnded(_logger, call.Protocol, call.Method, status, milliseconds, call.Peer);
        }
    }
}
