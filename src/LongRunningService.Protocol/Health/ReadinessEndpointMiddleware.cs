using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// <c>GET /healthz</c> for scripts and orchestrators that speak plain HTTP
/// (HTTP/1.1 or HTTP/2): 200 <c>SERVING</c> while the server serves, 503
/// <c>NOT_SERVING</c> before start-up completes, from the start of shutdown, and
/// while an <see cref="IReadinessCondition"/> (a shared database) is not met.
/// Only that exact path with GET or HEAD; every other request goes on down the
/// pipeline, so it must run before any middleware that answers every path.
/// </summary>
internal sealed class ReadinessEndpointMiddleware(RequestDelegate next, HealthStatusBoard board)
{
    public const string Path = "/healthz";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!string.Equals(request.Path.Value, Path, StringComparison.Ordinal)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }

        var serving = board.IsServing && board.IsReady;
        var response = context.Response;
        response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(request.Method)
            ? Task.CompletedTask
            : response.WriteAsync(serving ? "SERVING" : "NOT_SERVING", context.RequestAborted);
    }
}
