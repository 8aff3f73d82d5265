using System.Globalization;
using Google.Rpc;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// One REST call as the services see it, whatever the HTTP version: the
/// method's gRPC path, headers as metadata, a deadline from Google's
/// <c>X-Server-Timeout</c> header (seconds), and a token that fires on that
/// deadline, on the client going away or on server shutdown. Every failure of
/// the call reaches <see cref="ProcessErrorAsync"/>, which picks the status,
/// logs once and writes Google's error envelope.
/// </summary>
internal sealed class RestServerCallContext : ServerCallContext, IDisposable
{
    /// <summary>Google's header for a server-side timeout in seconds, which its REST endpoints accept.</summary>
    public const string ServerTimeoutHeader = "X-Server-Timeout";

    private readonly HttpContext _http;
    private readonly RestRoute _route;
    private readonly GrpcServerRuntime _runtime;
    private readonly ILogger _logger;
    private CancellationTokenSource? _deadlineSource;
    private CancellationTokenSource? _callSource;
    private DateTimeOffset _deadline;
    private Metadata? _requestHeaders;
    private Metadata? _responseHeaders;
    private Metadata? _responseTrailers;

    public RestServerCallContext(HttpContext http, RestRoute route, GrpcServerRuntime runtime, ILogger logger)
    {
        _http = http;
        _route = route;
        _runtime = runtime;
        _logger = logger;
    }

    public override string Method => _route.GrpcPath;

    public override string Protocol => "rest";

    public override DateTimeOffset? Deadline => _deadlineSource is null ? null : _deadline;

    public override CancellationToken CancellationToken => CallSource().Token;

    public override Metadata RequestHeaders => _requestHeaders ??= GrpcMetadataConverter.FromRequestHeaders(_http.Request.Headers);

    public override Metadata ResponseHeaders => _responseHeaders ??= [];

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override string Peer => GrpcPeer.Describe(_http.Connection);

    // Straight from the HTTP headers: RequestHeaders would convert them all for one look-up.
    public override string? GetRequestHeader(string name)
    {
        var values = _http.Request.Headers[name];
        return values.Count > 0 ? values[0] : null;
    }

    /// <summary>Fires when the deadline passes; never fires when the client set none.</summary>
    public CancellationToken DeadlineToken => _deadlineSource?.Token ?? CancellationToken.None;

    /// <summary>Reads the timeout header and sets up the call's cancellation.</summary>
    public void Initialize()
    {
        var header = _http.Request.Headers[ServerTimeoutHeader];
        if (StringValues.IsNullOrEmpty(header))
        {
            // Without a deadline the call's token is made when first asked for: most calls never ask.
            return;
        }

        var text = header.ToString();
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw RestProtocolErrors.InvalidServerTimeout(text);
        }

        var timeout = TimeSpan.FromSeconds(seconds);
        var clock = _runtime.TimeProvider;
        _deadline = clock.GetUtcNow() + timeout;
        _deadlineSource = new CancellationTokenSource(timeout, clock);
        _callSource = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken, _deadlineSource.Token);
    }

    // The call's token source: client gone, server stopping (and the deadline, linked in Initialize).
    private CancellationTokenSource CallSource()
    {
        if (_callSource is { } source)
        {
            return source;
        }

        var created = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken);
        if (Interlocked.CompareExchange(ref _callSource, created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }

    /// <summary>Cancels the call's token now, for a handler that is being abandoned at its deadline.</summary>
    public void CancelHandler()
    {
        try
        {
            _callSource?.Cancel();
        }
        catch (AggregateException exception)
        {
            RestTranscodingLog.UnhandledException(_logger, _http.Request.Method, _http.Request.Path, Method, exception);
        }
    }

    /// <summary>Copies response metadata to HTTP headers; HTTP/1.1 has no trailers, so trailers go there too.</summary>
    public void WriteMetadataHeaders()
    {
        if (_responseHeaders is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(_responseHeaders, _http.Response.Headers);
        }

        if (_responseTrailers is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(_responseTrailers, _http.Response.Headers);
        }
    }

    /// <summary>The error funnel: maps any failure of the call to a status, logs once and writes the envelope.</summary>
    public Task ProcessErrorAsync(Exception exception, RestJson json, RestResponseFormat format, int? gzipMinimumSize)
    {
        var request = _http.Request;
        RpcStatus status;
        switch (exception)
        {
            case RpcException rpc:
                status = rpc.Status;
                RestTranscodingLog.CallFailed(_logger, request.Method, request.Path, Method, rpc.Code, rpc.Status.Message);
                break;
            case OperationCanceledException when _http.RequestAborted.IsCancellationRequested:
                // The client went away: nobody is left to read an answer.
                RestTranscodingLog.ClientCancelled(_logger, request.Method, request.Path, Method);
                StatusCode = Code.Cancelled;
                return Task.CompletedTask;
            case OperationCanceledException when DeadlineToken.IsCancellationRequested:
                RestTranscodingLog.DeadlineExceeded(_logger, request.Method, request.Path, Method);
                status = GrpcProtocolErrors.DeadlineExceeded().Status;
                break;
            case OperationCanceledException when _runtime.ShutdownToken.IsCancellationRequested:
                status = GrpcProtocolErrors.ServerShuttingDown().Status;
                break;
            case OperationCanceledException:
                status = GrpcProtocolErrors.CallCancelled().Status;
                break;
            default:
                RestTranscodingLog.UnhandledException(_logger, request.Method, request.Path, Method, exception);
                status = GrpcProtocolErrors.UnhandledException(_runtime.Options.EnableDetailedErrors ? exception : null).Status;
                break;
        }

        StatusCode = (Code)status.Code;
        if (_http.Response.HasStarted)
        {
            // Part of a body went out already; all that is left is to cut the response short.
            _http.Abort();
            return Task.CompletedTask;
        }

        _http.Response.Clear();
        WriteMetadataHeaders();
        return WriteErrorAsync(_http, status, json, format, gzipMinimumSize, _logger);
    }

    public void Dispose()
    {
        _callSource?.Dispose();
        _deadlineSource?.Dispose();
    }

    /// <summary>Writes a status as the error envelope, with the HTTP status its code maps to unless one is given.</summary>
    public static Task WriteErrorAsync(
        HttpContext http,
        RpcStatus status,
        RestJson json,
        RestResponseFormat format,
        int? gzipMinimumSize,
        ILogger logger,
        int? httpStatus = null)
    {
        var statusCode = httpStatus ?? HttpStatusMapping.ToHttpStatus((Code)status.Code);
        var body = RestErrorWriter.Format(status, statusCode, json.Formatter(format), format.Pretty, logger);
        return RestResponseWriter.WriteAsync(http, statusCode, body, gzipMinimumSize);
    }
}
