using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// GET and HEAD on <see cref="TelemetryOptions.MetricsPath"/> (empty: none), served by
/// prometheus-net's middleware from this server's registry: Prometheus' text format
/// 0.0.4, or OpenMetrics when the scraper asks for it, never cached.
/// </summary>
internal static class PrometheusMetricsEndpoint
{
    /// <summary>Every other request goes on down the pipeline, so this must come before any middleware that answers every path.</summary>
    public static IApplicationBuilder UsePrometheusMetrics(this IApplicationBuilder app)
    {
        var path = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPath;
        if (path.Length == 0)
        {
            return app;
        }

        var registry = app.ApplicationServices.GetRequiredService<PrometheusMetricsCollector>().Registry;
        return app.MapWhen(
            context => string.Equals(context.Request.Path.Value, path, StringComparison.Ordinal)
                && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)),
            scrape => scrape
                .Use(static (context, next) =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    return next(context);
                })
                .UseMetricServer(settings => settings.Registry = registry, url: null));
    }
}
