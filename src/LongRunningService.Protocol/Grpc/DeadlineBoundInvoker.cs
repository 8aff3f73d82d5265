using Google.Protobuf;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Runs a unary invoker for transports that decode the request themselves
/// (REST, Connect unary), and enforces the deadline even on handlers that
/// ignore their token: at the deadline the call answers DEADLINE_EXCEEDED,
/// tells the handler to stop, and lets it finish unobserved.
/// </summary>
internal static class DeadlineBoundInvoker
{
    public static Task<IMessage> InvokeAsync(
        Func<IMessage, ServerCallContext, Task<IMessage>> invoker,
        IMessage request,
        ServerCallContext call,
        CancellationToken deadline,
        Action cancelHandler)
    {
        var work = invoker(request, call);
        // Most calls finish at once or have no deadline: they need no state machine of their own.
        return !deadline.CanBeCanceled || work.IsCompleted ? work : WithinDeadlineAsync(work, deadline, cancelHandler);
    }

    private static async Task<IMessage> WithinDeadlineAsync(Task<IMessage> work, CancellationToken deadline, Action cancelHandler)
    {
        try
        {
            return await work.WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !work.IsCompleted)
        {
            cancelHandler();
            _ = work.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw GrpcProtocolErrors.DeadlineExceeded();
        }
    }
}
