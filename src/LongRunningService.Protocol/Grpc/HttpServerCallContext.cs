using Microsoft.AspNetCore.Http;

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

    /// <summary>Logs a handler's cancellation callback that threw.</summary>
    protected virtual void ReportCancelFailure(AggregateException exception) =>
        GrpcServerLog.UnhandledException(runtime.Logger, Method, exception);

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
