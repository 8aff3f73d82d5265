using Microsoft.Extensions.Logging;

namespace LongRunningService.Operations.Jobs;

/// <summary>The simulated jobs' state changes, at Debug, with fixed event IDs (500 and up).</summary>
internal static partial class JobLog
{
    [LoggerMessage(501, LogLevel.Debug, "Job {Name} created {State}")]
    public static partial void Created(ILogger logger, string name, JobLifecycleState state);

    [LoggerMessage(502, LogLevel.Debug, "Job {Name} is now {State}")]
    public static partial void StateChanged(ILogger logger, string name, JobLifecycleState state);

    [LoggerMessage(503, LogLevel.Debug, "Job {Name} ended {State} with {StatusCode}")]
    public static partial void Ended(ILogger logger, string name, JobLifecycleState state, Google.Rpc.Code statusCode);

    [LoggerMessage(504, LogLevel.Debug, "Job {Name} deleted")]
    public static partial void Deleted(ILogger logger, string name);

    [LoggerMessage(505, LogLevel.Debug, "Job {Name} forgotten to make room: the engine holds its maximum")]
    public static partial void Evicted(ILogger logger, string name);

    [LoggerMessage(506, LogLevel.Error, "Job {Name}: the store could not record a change: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string name, string reason);
}
