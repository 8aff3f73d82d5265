using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Protocol.Connect;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Health;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// The first middleware: when <see cref="AuthOptions.Token"/> is set, refuses every
/// request without it before any protocol sees it, answering UNAUTHENTICATED the
/// way the request's protocol reads errors: gRPC and gRPC-Web as a trailers-only
/// response (<c>grpc-status: 16</c>), Connect as its error JSON, REST as Google's
/// 401 envelope. Health checks and metrics stay open so harnesses can probe.
/// </summary>
internal sealed class AuthenticationMiddleware(
    RequestDelegate next,
    IOptions<AuthOptions> auth,
    IOptions<TelemetryOptions> telemetry,
    CallObservers observers)
{
    private const string Message =
        "Request had invalid or missing authentication credentials: send the server's token as "
        + "'authorization: Bearer <token>' or 'x-goog-api-key: <token>'.";

    private const string GrpcHealthPrefix = "/grpc.health.v1.Health/";

    private readonly SharedSecret? _secret = string.IsNullOrEmpty(auth.Value.Token) ? null : new SharedSecret(auth.Value.Token);
    private readonly string _metricsPath = telemetry.Value.MetricsPath;

    public Task InvokeAsync(HttpContext context)
    {
        if (_secret is null || IsOpen(context.Request.Path.Value ?? string.Empty))
        {
            return next(context);
        }

        var protocol = ProtocolOf(context.Request);
        if (_secret.IsPresentIn(context.Request, acceptQueryKey: protocol == "rest"))
        {
            return next(context);
        }

        return RefuseAsync(context, protocol);
    }

    private bool IsOpen(string path) =>
        path.StartsWith(GrpcHealthPrefix, StringComparison.Ordinal)
        || string.Equals(path, ReadinessEndpointMiddleware.Path, StringComparison.Ordinal)
        || (_metricsPath.Length > 0 && string.Equals(path, _metricsPath, StringComparison.Ordinal));

    private static string ProtocolOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var contentType = request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            return "grpc-web";
        }

        if (GrpcHeaders.LooksLikeGrpc(contentType))
        {
            return "grpc";
        }

        return ConnectContentType.LooksLikeStreaming(contentType)
            || request.Headers.ContainsKey("Connect-Protocol-Version")
            || ConnectProcedurePath.IsUnaryCall(request)
            ? "connect"
            : "rest";
    }

    private async Task RefuseAsync(HttpContext context, string protocol)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var request = context.Request;
        var response = context.Response;
        var contentType = request.ContentType ?? string.Empty;
        switch (protocol)
        {
            case "grpc" or "grpc-web":
                // Trailers-only: the status travels in the only HEADERS frame.
                response.ContentType = protocol == "grpc" ? GrpcHeaders.ContentType : contentType;
                response.Headers[GrpcHeaders.Status] = ((int)Code.Unauthenticated).ToString(CultureInfo.InvariantCulture);
                response.Headers[GrpcHeaders.Message] = GrpcStatusMessage.Encode(Message);
                break;
            case "connect" when ConnectContentType.LooksLikeStreaming(contentType):
                // A streaming call: HTTP 200 and one end-of-stream envelope carrying the error.
                response.ContentType = contentType;
                await response.Body.WriteAsync(ConnectEndOfStream(), context.RequestAborted);
                break;
            case "connect":
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.ContentType = "application/json";
                await response.WriteAsync(ConnectError(), context.RequestAborted);
                break;
            default:
                response.Headers.WWWAuthenticate = "Bearer";
                var status = new RpcStatus { Code = (int)Code.Unauthenticated, Message = Message };
                var body = RestErrorWriter.Format(status, StatusCodes.Status401Unauthorized, JsonFormatter.Default, pretty: false, NullLogger.Instance);
                await RestResponseWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, body, gzipMinimumSize: null);
                break;
        }

        var method = protocol == "rest" ? $"{request.Method} {request.Path}" : request.Path.Value ?? string.Empty;
        observers.CallEnded(new CallRecord(
            protocol, method, Code.Unauthenticated, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(context.Connection), null, MethodFound: false));
    }

    private static string ConnectError() =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = "unauthenticated", ["message"] = Message });

    private static byte[] ConnectEndOfStream()
    {
        var json = Encoding.UTF8.GetBytes($"{{\"error\":{ConnectError()}}}");
        var envelope = new byte[5 + json.Length];
        envelope[0] = 0x02;
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1), (uint)json.Length);
        json.CopyTo(envelope, 5);
        return envelope;
    }
}
