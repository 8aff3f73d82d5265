using System.Buffers;
using System.Text.Json;
using Google.Rpc;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// One Connect unary call as the services see it, over HTTP/1.1 or HTTP/2: a
/// deadline from <c>Connect-Timeout-Ms</c>, a token that fires on it, on the
/// client going away or on server shutdown, and headers as metadata. Every
/// failure reaches <see cref="ProcessErrorAsync"/>, which picks the status,
/// logs once and writes Connect's error: the code's HTTP status and a JSON body.
/// </summary>
internal sealed class ConnectServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcServerRuntime _runtime;
    private CancellationTokenSource? _deadlineSource;
    private CancellationTokenSource? _callSource;
    private DateTimeOffset _deadline;
    private Metadata? _requestHeaders;
    private Metadata? _responseHeaders;
    private Metadata? _responseTrailers;

    public ConnectServerCallContext(HttpContext http, string method, GrpcServerRuntime runtime)
    {
        _http = http;
        _runtime = runtime;
        Method = method;
    }

    public override string Method { get; }

    public override string Protocol => "connect";

    public override DateTimeOffset? Deadline => _deadlineSource is null ? null : _deadline;

    public override CancellationToken CancellationToken => _callSource?.Token ?? _http.RequestAborted;

    public override Metadata RequestHeaders => _requestHeaders ??= GrpcMetadataConverter.FromRequestHeaders(_http.Request.Headers);

    public override Metadata ResponseHeaders => _responseHeaders ??= [];

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override string Peer => GrpcPeer.Describe(_http.Connection);

    /// <summary>Fires when the deadline passes; never fires when the client set none.</summary>
    public CancellationToken DeadlineToken => _deadlineSource?.Token ?? CancellationToken.None;

    /// <summary>Checks the protocol version, reads the timeout and sets up the call's cancellation.</summary>
    public void Initialize()
    {
        var headers = _http.Request.Headers;
        if (headers.TryGetValue(ConnectHeaders.ProtocolVersion, out var version) && version.ToString() != "1")
        {
            throw ConnectProtocolErrors.UnsupportedProtocolVersion(version.ToString());
        }

        if (!headers.TryGetValue(ConnectHeaders.Timeout, out var timeoutHeader))
        {
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken);
            return;
        }

        if (!ConnectTimeout.TryParse(timeoutHeader.ToString(), out var milliseconds))
        {
            throw ConnectProtocolErrors.MalformedTimeout(timeoutHeader.ToString());
        }

        if (milliseconds == 0)
        {
            throw GrpcProtocolErrors.DeadlineExceeded();
        }

        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        var clock = _runtime.TimeProvider;
        _deadline = clock.GetUtcNow() + timeout;
        _deadlineSource = new CancellationTokenSource(timeout, clock);
        _callSource = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken, _deadlineSource.Token);
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
            GrpcServerLog.UnhandledException(_runtime.Logger, Method, exception);
        }
    }

    /// <summary>Response metadata as headers; trailing metadata with Connect's <c>trailer-</c> prefix.</summary>
    public void WriteMetadataHeaders()
    {
        var headers = _http.Response.Headers;
        if (_responseHeaders is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(_responseHeaders, headers);
        }

        foreach (var entry in _responseTrailers ?? [])
        {
            headers.Append(ConnectHeaders.TrailerPrefix + entry.Key, GrpcMetadataConverter.EncodeValue(entry));
        }
    }

    /// <summary>The error funnel: maps any failure of the call to a status, logs once and writes Connect's error.</summary>
    public Task ProcessErrorAsync(Exception exception)
    {
        var status = CallFailure.ToStatus(exception, Method, _runtime, _http.RequestAborted, DeadlineToken);
        if (status is null)
        {
            // The client went away: nobody is left to read an error.
            StatusCode = Code.Cancelled;
            return Task.CompletedTask;
        }

        StatusCode = (Code)status.Code;
        if (_http.Response.HasStarted)
        {
            _http.Abort();
            return Task.CompletedTask;
        }

        _http.Response.Clear();
        WriteMetadataHeaders();
        return WriteErrorAsync(_http, status);
    }

    public void Dispose()
    {
        _callSource?.Dispose();
        _deadlineSource?.Dispose();
    }

    /// <summary>Writes a status as a unary Connect error: the code's HTTP status and the JSON error object.</summary>
    public static Task WriteErrorAsync(HttpContext http, RpcStatus status, int? httpStatus = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ConnectErrorJson.WriterOptions))
        {
            ConnectErrorJson.Write(writer, status);
        }

        var response = http.Response;
        response.StatusCode = httpStatus ?? HttpStatusMapping.ToHttpStatus((Code)status.Code);
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).AsTask();
    }
}
