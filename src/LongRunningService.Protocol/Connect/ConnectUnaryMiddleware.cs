using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Middleware that takes Connect unary calls: a POST of <c>application/proto</c>
/// or <c>application/json</c> to <c>/{package.Service}/{Method}</c>. REST's
/// paths never look like that (their first segment is a version, with no dot),
/// so a JSON POST elsewhere goes on to the REST transcoder.
/// </summary>
internal sealed class ConnectUnaryMiddleware(RequestDelegate next, GrpcMethodTable methods, ConnectUnaryCallHandler handler)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || ConnectContentType.Parse(request.ContentType) is not { IsStreaming: false } contentType)
        {
            return next(context);
        }

        var path = request.Path.Value ?? string.Empty;
        if (methods.TryGetHandler(path, out var method))
        {
            return handler.HandleCallAsync(context, method, contentType);
        }

        if (!ConnectProcedurePath.Matches(path))
        {
            return next(context);
        }

        return ConnectServerCallContext.WriteErrorAsync(context, methods.DescribeUnknownPath(path).Status);
    }
}
