using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// Registers what tells operators what the server does: the per-call log line and
/// call metrics (both <see cref="ICallObserver"/>s), and the Prometheus registry
/// behind <see cref="PrometheusMetricsEndpoint"/>, which the host adds to its pipeline.
/// </summary>
internal static class DiagnosticsServiceCollectionExtensions
{
    public static IServiceCollection AddCallDiagnostics(this IServiceCollection services)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        services.AddMetrics();
        services.AddSingleton<CallObservers>();
        services.AddSingleton<ICallObserver, CallLogObserver>();
        services.AddSingleton<ICallObserver, CallMetricsObserver>();
        services.AddSingleton<PrometheusMetricsCollector>();
        return services;
    }
}
