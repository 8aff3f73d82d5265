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
internal sealed class RestServerCallContext : HttpServerCallContext
{
    /// <summary>Google's header for a server-side timeout in seconds, which its REST endpoints accept.</summary>
    public const string ServerTimeoutHeader = "X-Server-Timeout";

    private readonly RestRoute _route;
    private readonly ILogger _logger;

    public RestServerCallContext(HttpContext http, RestRoute route, GrpcServerRuntime runtime, ILogger logger)
        : base(http, runtime)
    {
        _route = route;
        _logger = logger;
    }

    public override string Method => _route.GrpcPath;

    public override string Protocol => "rest";

    public override IReadOnlyList<string> BindingApis => _route.Apis;

    /// <summary>Reads the timeout header and sets up the call's cancellation.</summary>
    public void Initialize()
    {
        var header = Http.Request.Headers[ServerTimeoutHeader];
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

        StartDeadline(TimeSpan.FromSeconds(seconds));
    }

    // REST's log lines also name the HTTP method and path the client used.
    protected override void LogCallFailed(Code code, string message) =>
        RestTranscodingLog.CallFailed(_logger, Http.Request.Method, Http.Request.Path, Method, code, message);

    protected override void LogClientCancelled() =>
        RestTranscodingLog.ClientCancelled(_logger, Http.Request.Method, Http.Request.Path, Method);

    protected override void LogDeadlineExceeded() =>
        RestTranscodingLog.DeadlineExceeded(_logger, Http.Request.Method, Http.Request.Path, Method);

    protected override void LogUnhandled(Exception exception) =>
        RestTranscodingLog.UnhandledException(_logger, Http.Request.Method, Http.Request.Path, Method, exception);

    /// <summary>Copies response metadata to HTTP headers; HTTP/1.1 has no trailers, so trailers go there too.</summary>
    public void WriteMetadataHeaders()
    {
        if (SetResponseHeaders is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(SetResponseHeaders, Http.Response.Headers);
        }

        if (SetResponseTrailers is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(SetResponseTrailers, Http.Response.Headers);
        }
    }

    /// <summary>The error funnel: maps any failure of the call to a status, logs once and writes the envelope.</summary>
    public Task ProcessErrorAsync(Exception exception, RestJson json, RestResponseFormat format, int? gzipMinimumSize)
    {
        if (ErrorResponseStatus(exception) is not { } status)
        {
            return Task.CompletedTask;
        }

        WriteMetadataHeaders();
        return WriteErrorAsync(Http, status, json, format, gzipMinimumSize, _logger);
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
