using Google.Rpc;
using Microsoft.AspNetCore.Http;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// What every transport's call context keeps the same way over one HTTP request:
/// metadata views of the headers, the client's address, the deadline, and the
/// call's token, which fires on the deadline, the client going away or server
/// shutdown, and is made only when something asks for it (most calls never do).
/// </summary>
internal abstract class HttpServerCallContext(HttpContext http, GrpcServerRuntime runtime) : ServerCallContext, IDisposable
{
    private CancellationTokenSource? _deadlineSource;
    private CancellationTokenSource? _callSource;
    private DateTimeOffset _deadline;
    private Metadata? _requestHeaders;
    private Metadata? _responseHeaders;
    private Metadata? _responseTrailers;

    public override DateTimeOffset? Deadline => _deadlineSource is null ? null : _deadline;

    public override CancellationToken CancellationToken => (_callSource ?? CreateCallSource()).Token;

    /// <summary>
    /// For reading the request: the call's token when it exists, else the client's abort,
    /// so that reading does not make a token the handler may never ask for.
    /// </summary>
    public CancellationToken ReadToken => _callSource?.Token ?? http.RequestAborted;

    public override Metadata RequestHeaders => _requestHeaders ??= GrpcMetadataConverter.FromRequestHeaders(http.Request.Headers);

    public override Metadata ResponseHeaders => _responseHeaders ??= [];

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override string Peer => GrpcPeer.Describe(http.Connection);

    /// <summary>Fires when the deadline passes; never fires when the client set none.</summary>
    public CancellationToken DeadlineToken => _deadlineSource?.Token ?? CancellationToken.None;

    protected HttpContext Http => http;

    protected GrpcServerRuntime Runtime => runtime;

    /// <summary>Response headers a handler set, or null when it set none.</summary>
    protected Metadata? SetResponseHeaders => _responseHeaders;

    /// <summary>Response trailers a handler set, or null when it set none.</summary>
    protected Metadata? SetResponseTrailers => _responseTrailers;

    // Straight from the HTTP headers: RequestHeaders would convert them all for one look-up.
    public override string? GetRequestHeader(string name)
    {
        var values = http.Request.Headers[name];
        return values.Count > 0 ? values[0] : null;
    }

    /// <summary>Cancels the call's token now, for a handler that is being abandoned at its deadline.</summary>
    public void CancelHandler()
    {
        // The deadline also cancels the call's linked source, but only through a callback that may
        // run after this call has been disposed; cancel directly so the handler always hears of it.
        try
        {
            _callSource?.Cancel();
        }
        catch (AggregateException exception)
        {
            ReportCancelFailure(exception);
        }
    }

    public void Dispose()
    {
        _callSource?.Dispose();
        _deadlineSource?.Dispose();
    }

    /// <summary>Starts the call's deadline, <paramref name="timeout"/> from now by the server's clock.</summary>
    protected void StartDeadline(TimeSpan timeout)
    {
        var clock = runtime.TimeProvider;
        _deadline = clock.GetUtcNow() + timeout;
        _deadlineSource = new CancellationTokenSource(timeout, clock);
        _callSource = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, runtime.ShutdownToken, _deadlineSource.Token);
    }

    /// <summary>
    /// The one mapping from a call's failure to the status its client gets, on
    /// every transport: logs once, and returns null when the client went away
    /// and nobody is left to read a status.
    /// </summary>
    protected RpcStatus? FailureStatus(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                LogCallFailed(rpc.Code, rpc.Status.Message);
                return rpc.Status;
            case not RpcException when http.RequestAborted.IsCancellationRequested:
                LogClientCancelled();
                StatusCode = Code.Cancelled;
                return null;
            case OperationCanceledException when DeadlineToken.IsCancellationRequested:
                LogDeadlineExceeded();
                return GrpcProtocolErrors.DeadlineExceeded().Status;
            case OperationCanceledException when runtime.ShutdownToken.IsCancellationRequested:
                return GrpcProtocolErrors.ServerShuttingDown().Status;
            case OperationCanceledException:
                return GrpcProtocolErrors.CallCancelled().Status;
            default:
                LogUnhandled(exception);
                return GrpcProtocolErrors.UnhandledException(runtime.Options.EnableDetailedErrors ? exception : null).Status;
        }
    }

    /// <summary>
    /// For transports that answer a failure with a whole error response (REST, Connect unary):
    /// the status to write, with the response cleared for it; or null when nothing can be
    /// written, because the client went away or part of a body went out already (the
    /// response is then cut short).
    /// </summary>
    protected RpcStatus? ErrorResponseStatus(Exception exception)
    {
        if (FailureStatus(exception) is not { } status)
        {
            return null;
        }

        StatusCode = (Code)status.Code;
        if (http.Response.HasStarted)
        {
            http.Abort();
            return null;
        }

        http.Response.Clear();
        return status;
    }

    /// <summary>Logs a handler's cancellation callback that threw.</summary>
    protected void ReportCancelFailure(AggregateException exception) => LogUnhandled(exception);

    // How a transport logs the failures FailureStatus sorts; gRPC's log by default.
    protected virtual void LogCallFailed(Code code, string message) => GrpcServerLog.CallFailed(runtime.Logger, Method, code, message);

    protected virtual void LogClientCancelled() => GrpcServerLog.ClientCancelled(runtime.Logger, Method);

    protected virtual void LogDeadlineExceeded() => GrpcServerLog.DeadlineExceeded(runtime.Logger, Method);

    protected virtual void LogUnhandled(Exception exception) => GrpcServerLog.UnhandledException(runtime.Logger, Method, exception);

    private CancellationTokenSource CreateCallSource()
    {
        var created = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, runtime.ShutdownToken);
        if (Interlocked.CompareExchange(ref _callSource, created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }
}
