using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// <c>GET /metrics</c> (the path is <see cref="TelemetryOptions.MetricsPath"/>) in
/// Prometheus' text format, on the server's own port. Only that path with GET or
/// HEAD; every other request goes on down the pipeline, so it must run before any
/// middleware that answers every path.
/// </summary>
internal sealed class PrometheusMetricsMiddleware(RequestDelegate next, PrometheusMetricsCollector collector, IOptions<TelemetryOptions> options)
{
    private readonly string _path = options.Value.MetricsPath;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (_path.Length == 0
            || !string.Equals(request.Path.Value, _path, StringComparison.Ordinal)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusText.ContentType;
        response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(request.Method)
            ? Task.CompletedTask
            : response.WriteAsync(collector.Scrape(), context.RequestAborted);
    }
}
