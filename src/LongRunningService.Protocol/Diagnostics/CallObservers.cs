using System.Diagnostics;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Every registered <see cref="ICallObserver"/>, told of each call in one place.</summary>
internal sealed class CallObservers(IEnumerable<ICallObserver> observers)
{
    private readonly ICallObserver[] _observers = [.. observers];

    /// <summary>Reports a call that ran through our call context, timed from <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void CallEnded(ServedCallContext call, long startedAt) =>
        CallEnded(new CallRecord(
            call.Feature.Protocol, call.Method, call.Feature.StatusCode, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(call.Http.Connection), call.Feature.ResourceName, MethodFound: true));

    public void CallEnded(in CallRecord call)
    {
        foreach (var observer in _observers)
        {
            observer.CallEnded(call);
        }
    }
}
