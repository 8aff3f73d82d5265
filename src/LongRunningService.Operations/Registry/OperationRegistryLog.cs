using Microsoft.Extensions.Logging;

namespace LongRunningService.Operations.Registry;

/// <summary>The registry's state changes, at Debug, with fixed event IDs (400 and up).</summary>
internal static partial class OperationRegistryLog
{
    [LoggerMessage(401, LogLevel.Debug, "Operation {Name} created")]
    public static partial void Created(ILogger logger, string name);

    [LoggerMessage(402, LogLevel.Debug, "Operation {Name} done with {StatusCode}")]
    public static partial void Done(ILogger logger, string name, Google.Rpc.Code statusCode);

    [LoggerMessage(403, LogLevel.Debug, "Operation {Name}: cancellation requested")]
    public static partial void CancelRequested(ILogger logger, string name);

    [LoggerMessage(404, LogLevel.Debug, "Operation {Name} deleted")]
    public static partial void Deleted(ILogger logger, string name);

    [LoggerMessage(405, LogLevel.Debug, "Operation {Name} expired: finished longer ago than the retention time")]
    public static partial void Expired(ILogger logger, string name);

    [LoggerMessage(406, LogLevel.Debug, "Operation {Name} forgotten to make room: the registry holds its maximum")]
    public static partial void Evicted(ILogger logger, string name);

    [LoggerMessage(407, LogLevel.Error, "Operation {Name}: the store could not record a change: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string name, string reason);
}
