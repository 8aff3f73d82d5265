using System.Diagnostics;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Every registered <see cref="ICallObserver"/>, told of each call in one place.</summary>
internal sealed class CallObservers(IEnumerable<ICallObserver> observers)
{
    private readonly ICallObserver[] _observers = [.. observers];

    /// <summary>Reports a call that ran through a call context, timed from <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void CallEnded(ServerCallContext call, long startedAt, bool methodFound = true) =>
        CallEnded(new CallRecord(call.Protocol, call.Method, call.StatusCode, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(call), call.ResourceName, methodFound));

    public void CallEnded(in CallRecord call)
    {
        foreach (var observer in _observers)
        {
            observer.CallEnded(call);
        }
    }
}
