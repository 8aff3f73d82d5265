namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Hears of every call when it ends, whatever its transport or call type, and of
/// requests refused before a handler ran; registered in DI, e.g. for logs and metrics.
/// Called on the request's thread, so it must be quick and must not throw.
/// </summary>
internal interface ICallObserver
{
    void CallEnded(in CallRecord call);
}
