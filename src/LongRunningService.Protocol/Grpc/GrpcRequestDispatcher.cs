using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Middleware that takes every request whose content type is gRPC's: refuses
/// what is not a valid gRPC request with an HTTP status (as grpc-dotnet does),
/// answers unknown paths with UNIMPLEMENTED, and runs the method's handler.
/// Other requests go on down the pipeline.
/// </summary>
internal sealed class GrpcRequestDispatcher(RequestDelegate next, GrpcMethodTable methods, GrpcServerRuntime runtime)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var contentType = request.ContentType;
        if (!GrpcHeaders.LooksLikeGrpc(contentType))
        {
            return next(context);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, $"gRPC requests must be POST, not {request.Method}.");
        }

        if (!GrpcHeaders.IsGrpcContentType(contentType))
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{contentType}' is not supported; use application/grpc or application/grpc+proto.");
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            return RefuseAsync(context, StatusCodes.Status426UpgradeRequired, $"gRPC requires HTTP/2, but the request came over {request.Protocol}.");
        }

        var path = request.Path.Value ?? string.Empty;
        if (methods.TryGetHandler(path, out var handler))
        {
            return handler.HandleCallAsync(context);
        }

        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        using var call = new GrpcServerCallContext(context, path, runtime);
        call.ProcessError(methods.DescribeUnknownPath(path));
        runtime.Observers.CallEnded(call, startedAt, methodFound: false);
        return Task.CompletedTask;
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
