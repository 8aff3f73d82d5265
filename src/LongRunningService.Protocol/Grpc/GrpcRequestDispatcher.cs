using LongRunningService.Protocol.Connect;
using LongRunningService.Protocol.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Middleware that takes every request whose content type is gRPC's, gRPC-Web's
/// or Connect streaming's: refuses what is not a valid request with an HTTP status (as
/// grpc-dotnet does), answers unknown paths with UNIMPLEMENTED, and runs the
/// method's handler. gRPC-Web calls run through the same handlers, with a
/// <see cref="GrpcWebTransport"/> that puts the status in the body and, for
/// the text types, base64 around both bodies; Connect streams likewise, with a
/// <see cref="ConnectStreamTransport"/>. Other requests go on down the pipeline.
/// </summary>
internal sealed class GrpcRequestDispatcher(RequestDelegate next, GrpcMethodTable methods, GrpcServerRuntime runtime, ConnectJsonCodec json)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var contentType = request.ContentType;
        var connect = ConnectContentType.LooksLikeStreaming(contentType);
        if (!connect && !GrpcHeaders.LooksLikeGrpc(contentType))
        {
            return next(context);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, $"gRPC requests must be POST, not {request.Method}.");
        }

        if (connect)
        {
            return ConnectContentType.Parse(contentType) is { } stream
                ? ServeConnectStreamAsync(context, stream)
                : RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{contentType}' is not supported; use application/connect+proto or application/connect+json.");
        }

        if (GrpcWebContentType.LooksLikeGrpcWeb(contentType))
        {
            return GrpcWebContentType.Parse(contentType) is { } web
                ? ServeGrpcWebAsync(context, web)
                : RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{contentType}' is not supported; use application/grpc-web(+proto) or application/grpc-web-text(+proto).");
        }

        if (!GrpcHeaders.IsGrpcContentType(contentType))
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{contentType}' is not supported; use application/grpc or application/grpc+proto.");
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            return RefuseAsync(context, StatusCodes.Status426UpgradeRequired, $"gRPC requires HTTP/2, but the request came over {request.Protocol}.");
        }

        return RouteAsync(context);
    }

    /// <summary>Runs the call at the request's path, or answers UNIMPLEMENTED; the transport, if any, is already in place.</summary>
    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!methods.TryGetHandler(path, out var handler))
        {
            return FailAsync(context, path, methods.DescribeUnknownPath(path));
        }

        return handler.HandleCallAsync(context);
    }

    private Task FailAsync(HttpContext context, string path, RpcException error)
    {
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        using var call = new GrpcServerCallContext(context, path, runtime);
        call.ProcessError(error);
        runtime.Observers.CallEnded(call, startedAt, methodFound: false);
        return Task.CompletedTask;
    }

    private async Task ServeGrpcWebAsync(HttpContext context, GrpcWebContentType contentType)
    {
        context.Features.Set<GrpcCallTransport>(new GrpcWebTransport(contentType));
        if (!contentType.IsText)
        {
            await RouteAsync(context);
            return;
        }

        context.Request.Body = new GrpcWebTextRequestStream(context.Request.Body);
        context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var encoder = new GrpcWebTextResponseWriter(body.Writer);
        context.Features.Set<IHttpResponseBodyFeature>(new GrpcWebTextResponseBodyFeature(body, encoder));
        try
        {
            await RouteAsync(context);
        }
        finally
        {
            // The status frame went into the encoder after the last flush.
            encoder.EncodePending();
        }
    }

    private Task ServeConnectStreamAsync(HttpContext context, ConnectContentType contentType)
    {
        context.Features.Set<GrpcCallTransport>(new ConnectStreamTransport(contentType, contentType.IsJson ? json : null));

        // The call handlers read gRPC's headers; Connect's say the same in other words.
        var headers = context.Request.Headers;
        if (headers.TryGetValue(ConnectHeaders.Timeout, out var timeout))
        {
            if (!ConnectTimeout.TryParse(timeout.ToString(), out var milliseconds))
            {
                return FailAsync(context, context.Request.Path.Value ?? string.Empty, ConnectProtocolErrors.MalformedTimeout(timeout.ToString()));
            }

            headers[GrpcHeaders.Timeout] = ConnectTimeout.ToGrpcTimeout(milliseconds);
        }

        if (headers.TryGetValue(ConnectHeaders.StreamContentEncoding, out var encoding))
        {
            headers[GrpcHeaders.Encoding] = encoding;
        }

        return RouteAsync(context);
    }

    private Task RefuseAsync(HttpContext context, int statusCode, string reason)
    {
        GrpcServerLog.RequestRefused(runtime.Logger, context.Request.Path, context.Request.ContentType, reason);
        context.Response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status405MethodNotAllowed)
        {
            context.Response.Headers.Allow = "POST";
        }

        // A gRPC client that reaches here reads the status from the headers.
        context.Response.Headers[GrpcHeaders.Status] = ((int)Google.Rpc.Code.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[GrpcHeaders.Message] = GrpcStatusMessage.Encode(reason);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
