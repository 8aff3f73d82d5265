using LongRunningService.Protocol.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Middleware that serves Google's HTTP/JSON mapping of the gRPC methods, over
/// HTTP/1.1 and HTTP/2 alike. It takes every request the gRPC dispatcher left
/// except gRPC-family content types (gRPC-Web's, for a middleware further on):
/// a route's request runs through <see cref="RestCallHandler"/>; a path no
/// template matches gets 404, and a path matched under other HTTP methods only
/// gets 405 with <c>Allow</c>, both in Google's error envelope. The shared
/// secret is checked once the route is matched, for the method it will run.
/// </summary>
internal sealed class RestTranscodingMiddleware(RequestDelegate next, RestRouteTableSource routes, RestCallHandler handler, SharedSecretGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null
            || (request.ContentType is { } contentType && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        // Built on the thread pool while the server started; the first calls may wait for it.
        var table = routes.Table;
        var routeTable = table.IsCompletedSuccessfully ? table.Result : await table;
        var rawPath = RawPath(context);
        var path = HttpRequestPath.Parse(rawPath);
        var match = path is null ? HttpRouteMatch<RestRoute>.None : routeTable.Match(path, request.Method);
        if (match.Route is not { } route)
        {
            await handler.RefuseAsync(context, rawPath, match);
        }
        else if (SharedSecretDefaults.IsOpenService(route.Method.Service.FullName) || await gate.AllowsAsync(context, route))
        {
            await handler.HandleCallAsync(context, route, path!);
        }
    }

    // The path as sent, %2F and all; Kestrel's decoded Request.Path would already have merged
    // escaped characters into the text that routing must split first.
    private static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return context.Request.Path.Value ?? string.Empty;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }
}
