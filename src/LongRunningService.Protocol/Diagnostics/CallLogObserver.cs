using LongRunningService.Contracts;
using LongRunningService.Protocol.Transcoding;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Logs one structured line per call at Information, under <see cref="CallLog.Category"/>;
/// the method (a client's path when no method ran) and the resource are quoted by their start.
/// </summary>
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
            CallLog.CallEndedOnResource(_logger, call.Protocol, ClientText.Prefix(call.Method), status, milliseconds, call.Peer, ClientText.Prefix(resource));
        }
        else
        {
            CallLog.CallEnded(_logger, call.Protocol, ClientText.Prefix(call.Method), status, milliseconds, call.Peer);
        }
    }
}
