using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Connect;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// Authenticates a request that carries the shared secret (<see cref="AuthOptions.Token"/>),
/// and answers a challenge with UNAUTHENTICATED the way the request's protocol
/// reads errors: gRPC and gRPC-Web as a trailers-only response
/// (<c>grpc-status: 16</c>), Connect as its error JSON, REST as Google's 401
/// envelope. With no token configured every request is authenticated.
/// </summary>
internal sealed class SharedSecretAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    SharedSecret secret,
    CallObservers observers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    private const string Message =
        "Request had invalid or missing authentication credentials: send the server's token as "
        + "'authorization: Bearer <token>' or 'x-goog-api-key: <token>'.";

    private static readonly AuthenticationTicket Ticket = new(
        new ClaimsPrincipal(new ClaimsIdentity(SharedSecretDefaults.Scheme)), SharedSecretDefaults.Scheme);

    private static readonly Task<AuthenticateResult> Authenticated = Task.FromResult(AuthenticateResult.Success(Ticket));

    private static readonly Task<AuthenticateResult> Missing = Task.FromResult(AuthenticateResult.NoResult());

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        secret.IsPresentIn(Request, acceptQueryKey: RequestProtocol.Of(Request) == RequestProtocol.Rest) ? Authenticated : Missing;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var protocol = RequestProtocol.Of(Request);
        var contentType = Request.ContentType ?? string.Empty;
        switch (protocol)
        {
            case RequestProtocol.Grpc or RequestProtocol.GrpcWeb:
                // Trailers-only: the status travels in the only HEADERS frame. gRPC-Web requests reach here
                // already translated to gRPC; the translation turns the content type back on the way out.
                Response.ContentType = protocol == RequestProtocol.Grpc ? GrpcHeaders.ContentType : contentType;
                Response.Headers[GrpcHeaders.Status] = ((int)Code.Unauthenticated).ToString(CultureInfo.InvariantCulture);
                Response.Headers[GrpcHeaders.Message] = GrpcStatusMessage.Encode(Message);

                // The served-call middleware reports gRPC calls that ran no method, this one included.
                return;
            case RequestProtocol.Connect when ConnectContentType.LooksLikeStreaming(contentType):
                // A streaming call: HTTP 200 and one end-of-stream envelope carrying the error.
                Response.ContentType = contentType;
                await Response.Body.WriteAsync(ConnectEndOfStream(), Context.RequestAborted);
                break;
            case RequestProtocol.Connect:
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                Response.ContentType = "application/json";
                await Response.WriteAsync(ConnectError(), Context.RequestAborted);
                break;
            default:
                Response.Headers.WWWAuthenticate = "Bearer";
                var status = new RpcStatus { Code = (int)Code.Unauthenticated, Message = Message };
                var body = RestErrorWriter.Format(status, StatusCodes.Status401Unauthorized, JsonFormatter.Default, pretty: false, NullLogger.Instance);
                await RestResponseWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, body, gzipMinimumSize: null);
                break;
        }

        var path = ClientText.Prefix(Request.Path.Value ?? string.Empty);
        var method = protocol == RequestProtocol.Rest ? $"{Request.Method} {path}" : path;
        observers.CallEnded(new CallRecord(
            protocol, method, Code.Unauthenticated, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(Context.Connection), null, MethodFound: false, Refused: true));
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
