using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Records every unary call, whatever its transport, into the <see cref="CallJournal"/>:
/// time, protocol, method, resource, a few request headers, deadline, status
/// and latency. Calls to the control API itself are left out.
/// </summary>
internal sealed class CallJournalInterceptor(CallJournal journal, TimeProvider clock, GrpcMethodTable methods) : UnaryCallInterceptor(methods)
{
    protected override Task<TResponse> InterceptAsync<TResponse>(MethodDescriptor method, IMessage request, ServerCallContext context, IUnaryNext<TResponse> next)
    {
        if (IsControlPlane(method))
        {
            return next.RunAsync();
        }

        var arrived = clock.GetUtcNow();
        // Latency is real time: on a paused clock every call would take no time at all.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var call = new PendingCall(method, request, context, arrived, started);
        Task<TResponse> work;
        try
        {
            work = next.RunAsync();
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
            call.Context.Protocol,
            MethodPaths.Of(call.Method),
            ResourceOf(call.Request),
            CallJournalHeaders.From(call.Context),
            call.Context.Deadline is { } deadline ? deadline - call.Arrived : null,
            status,
            System.Diagnostics.Stopwatch.GetElapsedTime(call.Started)));

    private static int StatusOf(Exception exception) => exception switch
    {
        RpcException rpc => rpc.Status.Code,
        global::Grpc.Core.RpcException library => (int)library.StatusCode,
        OperationCanceledException => (int)Google.Rpc.Code.Cancelled,
        _ => (int)Google.Rpc.Code.Internal,
    };

    /// <summary>What the journal needs of a call from its start.</summary>
    private readonly record struct PendingCall(MethodDescriptor Method, IMessage Request, ServerCallContext Context, DateTimeOffset Arrived, long Started);

    public static bool IsControlPlane(MethodDescriptor method) =>
        method.Service.FullName == EmulatorControlReflection.Descriptor.Services[0].FullName;

    /// <summary>The request's <c>name</c>, else its <c>parent</c>, else empty.</summary>
    public static string ResourceOf(IMessage request) => RequestResource.Describe(request) ?? string.Empty;
}
