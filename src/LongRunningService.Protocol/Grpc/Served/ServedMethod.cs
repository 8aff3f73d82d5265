using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using LongRunningService.Protocol.Diagnostics;
using LibraryContext = Grpc.Core.ServerCallContext;
using LibraryException = Grpc.Core.RpcException;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// One method of a served descriptor with the handler bound to it, a delegate of
/// Grpc.Core's shapes (none when the service left it unbound), run by the made
/// service type Grpc.AspNetCore serves (gRPC, gRPC-Web, Connect and, through
/// JSON transcoding, REST all reach it there). Around the handler: our call
/// context, the resource the request names, every failure turned into the
/// status the library sends (with <c>grpc-status-details-bin</c> when it has
/// details), one log line, and the call observers.
/// </summary>
internal sealed class ServedMethod(MethodDescriptor method, Delegate? handler, GrpcServerRuntime runtime)
{
    private readonly bool _unary = !method.IsClientStreaming && !method.IsServerStreaming;

    public MethodDescriptor Method { get; } = method;

    /// <summary><c>package.Service/Method</c>, as the journal and fault rules name methods.</summary>
    public string FullName { get; } = $"{method.Service.FullName}/{method.Name}";

    /// <summary>The HTTP/2 path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; } = $"/{method.Service.FullName}/{method.Name}";

    /// <summary>The bound handler, or null.</summary>
    public Delegate? Handler { get; } = handler;

    /// <summary>Runs <paramref name="body"/> with <paramref name="state"/>, so that a call needs no closure of its own.</summary>
    public async Task<TResponse> RunAsync<TState, TResponse>(LibraryContext library, IMessage? request, TState state, Func<TState, LibraryContext, Task<TResponse>> body)
    {
        var startedAt = Stopwatch.GetTimestamp();
        // A unary call has its context already, made by the outermost interceptor; a streaming call gets its own here.
        var shared = library as ServedCallContext;
        using var owned = shared is null ? new ServedCallContext(library, runtime) : null;
        var call = shared ?? owned!;
        var feature = call.Feature;
        feature.HandlerRan = true;
        if (request is not null && feature.ResourceName is null)
        {
            feature.ResourceName = RequestResource.Describe(request);
        }

        try
        {
            var work = body(state, call);
            var response = call.DeadlineToken.CanBeCanceled && !work.IsCompleted
                ? await WithinDeadlineAsync(work, call)
                : await work;
            if (response is IMessage message)
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

    /// <summary>Answers a call of this method, which no handler serves, UNIMPLEMENTED, with its log line and observers.</summary>
    public Task<TResponse> RefuseAsync<TResponse>(LibraryContext library) =>
        RunAsync<string, TResponse>(library, null, Path, static (path, _) => throw GrpcProtocolErrors.MethodNotImplemented(path));

    /// <summary>
    /// Ends a call an interceptor failed before the handler ran (or without it): the status, its
    /// log line and the call observers, as for a handler's failure; the caller throws what this answers.
    /// </summary>
    public Exception Refuse(ServedCallContext call, Exception exception, long startedAt)
    {
        call.Feature.HandlerRan = true; // reported here, not again by the protocol's middleware
        try
        {
            return Fail(call, exception);
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

    private LibraryException Fail(ServedCallContext call, Exception exception)
    {
        var status = StatusOf(call, exception);
        call.Feature.StatusCode = (Code)status.Code;
        call.Feature.Status = status;
        return status.ToRpcException();
    }

    // The one mapping from a failure to the status the client reads; logs once.
    private RpcStatus StatusOf(ServedCallContext call, Exception exception)
    {
        if (_unary && exception is not (LibraryException or RpcException or OperationCanceledException))
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
            case LibraryException library:
                var status = library.ToRpcStatus();
                GrpcServerLog.CallFailed(runtime.Logger, Path, (Code)status.Code, status.Message);
                return status;
            case RpcException rpc:
                GrpcServerLog.CallFailed(runtime.Logger, Path, rpc.Code, rpc.Status.Message);
                return rpc.Status;
            case OperationCanceledException when call.DeadlinePassed && !call.ShuttingDown:
                GrpcServerLog.DeadlineExceeded(runtime.Logger, Path);
                return GrpcProtocolErrors.DeadlineExceeded().Status;
            case OperationCanceledException when call.ShuttingDown:
                return GrpcProtocolErrors.ServerShuttingDown().Status;

            // Past the deadline and shutdown, only the client going away cancels a call; and whatever
            // a handler throws once its client is gone (a failed write) is that leaving too.
            case OperationCanceledException:
            case Exception when call.ClientLeft:
                GrpcServerLog.ClientCancelled(runtime.Logger, Path);
                return GrpcProtocolErrors.CallCancelled().Status;
            default:
                GrpcServerLog.UnhandledException(runtime.Logger, Path, exception);
                return GrpcProtocolErrors.UnhandledException(runtime.Options.EnableDetailedErrors ? exception : null).Status;
        }
    }
}
