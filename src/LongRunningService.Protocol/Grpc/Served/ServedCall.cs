using System.Diagnostics;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Protocol.Diagnostics;
using LibraryContext = global::Grpc.Core.ServerCallContext;
using LibraryException = global::Grpc.Core.RpcException;
using LibraryStatus = global::Grpc.Core.Status;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Runs one of our handlers inside a call Grpc.AspNetCore serves: builds our
/// call context, notes the resource the request names, turns every failure
/// into the status the library sends (with <c>grpc-status-details-bin</c>
/// when the status has details), logs it once and tells the call observers.
/// </summary>
/// <param name="unary">True for a unary method: only its failures are asked of <see cref="GrpcServerRuntime.FailureStatuses"/>, as only unary calls pass the interceptors.</param>
internal sealed class ServedCall(string method, GrpcServerRuntime runtime, bool unary)
{
    public Task<TResponse> RunAsync<TResponse>(LibraryContext library, IMessage? request, Func<ServedCallContext, Task<TResponse>> body) =>
        RunAsync(library, request, body, static (run, call) => run(call));

    /// <summary>Runs <paramref name="body"/> with <paramref name="state"/>, so a unary call needs no closure of its own.</summary>
    public async Task<TResponse> RunAsync<TState, TResponse>(LibraryContext library, IMessage? request, TState state, Func<TState, ServedCallContext, Task<TResponse>> body)
    {
        var startedAt = Stopwatch.GetTimestamp();
        // A unary call has its context already, made by the outermost interceptor; a streaming call gets its own here.
        var shared = ServedCallInterceptor.CallOf(library);
        using var owned = shared is null ? new ServedCallContext(library, method, runtime) : null;
        var call = shared ?? owned!;
        if (shared?.Feature is { } sharedFeature)
        {
            sharedFeature.HandlerRan = true;
        }

        if (request is not null && call.ResourceName is null)
        {
            call.ResourceName = RequestResource.Describe(request);
        }

        try
        {
            var work = body(state, call);
            var response = call.DeadlineToken.CanBeCanceled && !work.IsCompleted
                ? await WithinDeadlineAsync(work, call)
                : await work;
            await call.FlushResponseHeadersAsync();
            call.CopyTrailers();
            if (call.Feature is { } feature && response is IMessage message)
            {
                feature.Response = message;
            }

            return response;
        }
        catch (Exception exception)
        {
            throw Fail(call, exception);
        }
        finally
        {
            runtime.Observers.CallEnded(call, startedAt);
        }
    }

    /// <summary>
    /// Ends a call an interceptor failed before the handler ran (or without it): the status, its
    /// log line and the call observers, as for a handler's failure; the caller throws what this answers.
    /// </summary>
    public Exception Refuse(ServedCallContext call, Exception exception, long startedAt)
    {
        if (call.Feature is { } feature)
        {
            feature.HandlerRan = true; // reported here, not again by the protocol's middleware
        }

        try
        {
            // An interceptor that speaks the library's terms throws its exception, details in its trailers.
            return Fail(call, exception is LibraryException library ? Translated(library) : exception);
        }
        finally
        {
            runtime.Observers.CallEnded(call, startedAt);
        }
    }

    // The library ends a gRPC call at its deadline; a REST call's deadline is kept here, even for a
    // handler that ignores its token: the call answers DEADLINE_EXCEEDED and the handler finishes unobserved.
    private static async Task<TResponse> WithinDeadlineAsync<TResponse>(Task<TResponse> work, ServedCallContext call)
    {
        try
        {
            return await work.WaitAsync(call.DeadlineToken);
        }
        catch (OperationCanceledException) when (call.DeadlineToken.IsCancellationRequested && !work.IsCompleted)
        {
            call.CancelHandler();
            _ = work.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw;
        }
    }

    private Exception Fail(ServedCallContext call, Exception exception)
    {
        var status = StatusOf(call, exception);
        call.StatusCode = (Code)status.Code;
        call.CopyTrailers();
        if (call.Feature is { } feature)
        {
            feature.Status = status;
        }

        return ToLibrary(status);
    }

    /// <summary>A status as the library sends it: with <c>grpc-status-details-bin</c> when it has details.</summary>
    public static LibraryException ToLibrary(RpcStatus status)
    {
        var trailers = new global::Grpc.Core.Metadata();
        if (status.Details.Count > 0)
        {
            trailers.Add(GrpcHeaders.StatusDetails, status.ToByteArray());
        }

        return new LibraryException(new LibraryStatus((global::Grpc.Core.StatusCode)status.Code, status.Message), trailers);
    }

    // The status a library exception carries, details included when its trailers have them.
    private static RpcException Translated(LibraryException library)
    {
        if (library.Trailers.GetValueBytes(GrpcHeaders.StatusDetails) is { } bytes)
        {
            try
            {
                return new RpcException(RpcStatus.Parser.ParseFrom(bytes));
            }
            catch (InvalidProtocolBufferException)
            {
                // Unreadable details: the code and message stand on their own.
            }
        }

        return new RpcException((Code)library.StatusCode, library.Status.Detail);
    }

    // The one mapping from a failure to the status the client reads; logs once.
    private RpcStatus StatusOf(ServedCallContext call, Exception exception)
    {
        if (unary && exception is not (RpcException or OperationCanceledException))
        {
            foreach (var known in runtime.FailureStatuses)
            {
                if (known.StatusOf(exception) is { } translated)
                {
                    exception = translated;
                    break;
                }
            }
        }

        switch (exception)
        {
            case RpcException rpc:
                GrpcServerLog.CallFailed(runtime.Logger, method, rpc.Code, rpc.Status.Message);
                return rpc.Status;
            case OperationCanceledException when call.DeadlinePassed && !call.ShuttingDown:
                GrpcServerLog.DeadlineExceeded(runtime.Logger, method);
                return GrpcProtocolErrors.DeadlineExceeded().Status;
            case OperationCanceledException when call.ShuttingDown:
                return GrpcProtocolErrors.ServerShuttingDown().Status;

            // Past the deadline and shutdown, only the client going away cancels a call; and whatever
            // a handler throws once its client is gone (a failed write) is that leaving too.
            case OperationCanceledException:
            case Exception when call.ClientLeft:
                GrpcServerLog.ClientCancelled(runtime.Logger, method);
                return GrpcProtocolErrors.CallCancelled().Status;
            default:
                GrpcServerLog.UnhandledException(runtime.Logger, method, exception);
                return GrpcProtocolErrors.UnhandledException(runtime.Options.EnableDetailedErrors ? exception : null).Status;
        }
    }
}
