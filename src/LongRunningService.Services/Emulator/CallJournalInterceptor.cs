using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Records every unary call, whatever its transport, into the <see cref="CallJournal"/>:
/// time, protocol, method, resource, a few request headers, deadline, status
/// and latency. Calls to the control API itself are left out.
/// </summary>
internal sealed class CallJournalInterceptor(CallJournal journal, TimeProvider clock) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.ServedMethod() is not { } served || IsControlPlane(served.Method))
        {
            return continuation(request, context);
        }

        var arrived = clock.GetUtcNow();
        // Latency is real time: on a paused clock every call would take no time at all.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var call = new PendingCall(served, context, arrived, started);
        Task<TResponse> work;
        try
        {
            work = continuation(request, context);
        }
        catch (Exception exception)
        {
            Record(call, StatusOf(exception));
            throw;
        }

        // Most calls are answered at once: record them without a state machine of their own.
        if (work.IsCompletedSuccessfully)
        {
            Record(call, 0);
            return work;
        }

        return RecordWhenDoneAsync(work, call);
    }

    private async Task<TResponse> RecordWhenDoneAsync<TResponse>(Task<TResponse> work, PendingCall call)
    {
        var status = 0;
        try
        {
            return await work;
        }
        catch (Exception exception)
        {
            status = StatusOf(exception);
            throw;
        }
        finally
        {
            Record(call, status);
        }
    }

    private void Record(in PendingCall call, int status) =>
        journal.Add(new CallJournalEntry(
            call.Arrived,
            call.Context.Protocol(),
            call.Method.FullName,
            call.Context.ResourceName(),
            CallJournalHeaders.From(call.Context),
            call.Context.DeadlineOrNull() is { } deadline ? deadline - call.Arrived : null,
            status,
            System.Diagnostics.Stopwatch.GetElapsedTime(call.Started)));

    private static int StatusOf(Exception exception) => exception switch
    {
        RpcException rpc => (int)rpc.StatusCode,
        OperationCanceledException => (int)Google.Rpc.Code.Cancelled,
        _ => (int)Google.Rpc.Code.Internal,
    };

    /// <summary>What the journal needs of a call from its start.</summary>
    private readonly record struct PendingCall(ServedMethod Method, ServerCallContext Context, DateTimeOffset Arrived, long Started);

    public static bool IsControlPlane(MethodDescriptor method) =>
        method.Service.FullName == EmulatorControlReflection.Descriptor.Services[0].FullName;
}
