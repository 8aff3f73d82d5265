using System.Diagnostics;
using System.Globalization;
using Google.Rpc;
using LongRunningService.Protocol.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Runs before gRPC-Web translation and routing for gRPC and gRPC-Web requests:
/// notes the protocol, and after the call, reports to the call observers a
/// call that Grpc.AspNetCore answered without running one of our handlers (an
/// unknown method, a malformed frame, a deadline already past), reading the
/// status it sent.
/// </summary>
internal sealed class ServedCallMiddleware(RequestDelegate next, GrpcServerRuntime runtime)
{
    private const string GrpcWebText = "application/grpc-web-text";

    public async Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var web = contentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase);
        if (web && contentType.StartsWith(GrpcWebText, StringComparison.OrdinalIgnoreCase)
            && !context.Request.Headers.Accept.ToString().Contains("application/grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            // Grpc.AspNetCore.Web answers in the mode Accept names, binary when it names neither; a text
            // request that names neither (curl's */*, hand-written clients) gets the text answer it can read.
            context.Request.Headers.Accept = GrpcWebText;
        }

        // A Connect call arrives here restated as gRPC, with its feature already set.
        var feature = context.Features.Get<ServedCallFeature>();
        if (feature is null)
        {
            feature = new ServedCallFeature(web ? "grpc-web" : "grpc");
            context.Features.Set(feature);
        }
        await next(context);
        if (!feature.HandlerRan)
        {
            var path = context.Request.Path.Value ?? string.Empty;
            runtime.Observers.CallEnded(new CallRecord(
                feature.Protocol, path, StatusOf(context), Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(context.Connection), null, MethodFound: false, Refused: true));
        }
    }

    // The status the library wrote: in the trailers, or in the headers of a trailers-only answer.
    private static Code StatusOf(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var value = trailers?[GrpcHeaders.Status].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = context.Response.Headers[GrpcHeaders.Status].ToString();
        }

        if (context.RequestAborted.IsCancellationRequested && string.IsNullOrEmpty(value))
        {
            return Code.Cancelled;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (Code)code : Code.Unknown;
    }
}
