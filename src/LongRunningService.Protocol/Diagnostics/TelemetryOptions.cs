namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Where the server's metrics can be read, bound from the <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Path of the Prometheus text endpoint on the server's port. Default <c>/metrics</c>; empty turns it off.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>OTLP collector to push metrics to, e.g. <c>http://127.0.0.1:4317</c>. Default null: no push.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318, path <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed to the OTLP collector. Default 15 s.</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(15);
}
