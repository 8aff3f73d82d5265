using LongRunningService.Protocol.Connect;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Middleware that takes every request whose content type is Connect
/// streaming's: refuses what is not a valid request with an HTTP status,
/// answers unknown paths with UNIMPLEMENTED, and runs the method's handler with
/// a <see cref="ConnectStreamTransport"/>. gRPC and gRPC-Web requests go on to
/// the endpoints Grpc.AspNetCore serves; other requests go on down the pipeline.
/// </summary>
internal sealed class GrpcRequestDispatcher(RequestDelegate next, GrpcMethodTable methods, GrpcServerRuntime runtime, ConnectJsonCodec json)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var contentType = request.ContentType;
        if (!ConnectContentType.LooksLikeStreaming(contentType))
        {
            return next(context);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, $"gRPC requests must be POST, not {request.Method}.");
        }

        return ConnectContentType.Parse(contentType) is { } stream
            ? ServeConnectStreamAsync(context, stream)
            : RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{contentType}' is not supported; use application/connect+proto or application/connect+json.");
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
