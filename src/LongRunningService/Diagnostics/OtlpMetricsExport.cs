using LongRunningService.Protocol.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace LongRunningService.Diagnostics;

/// <summary>
/// Pushes the server's metrics to an OTLP collector, only when
/// <see cref="TelemetryOptions.OtlpEndpoint"/> names one: a <see cref="MeterProvider"/>
/// that the host builds at start-up and disposes (flushing) at shutdown.
/// </summary>
internal static class OtlpMetricsExport
{
    public const string GrpcProtocol = "grpc";
    public const string HttpProtobufProtocol = "http/protobuf";

    public static void AddOtlpMetricsExport(this IServiceCollection services, TelemetryOptions options)
    {
        if (string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            return;
        }

        var endpoint = new Uri(options.OtlpEndpoint, UriKind.Absolute);
        var http = string.Equals(options.OtlpProtocol, HttpProtobufProtocol, StringComparison.OrdinalIgnoreCase);
        if (http && endpoint.AbsolutePath is "" or "/")
        {
            // Given in code, the endpoint is used as it is; the collector takes metrics at this path.
            endpoint = new Uri(endpoint, "/v1/metrics");
        }

        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .AddMeter(ServerMeter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
            })
            .Build());
    }
}
