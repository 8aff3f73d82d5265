using LongRunningService.Diagnostics;
using LongRunningService.Hosting;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Protocol.Cors;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Security;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Services.Emulator;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Optimization;
using LongRunningService.Storage.Postgres;

namespace LongRunningService.Configuration;

/// <summary>
/// Every setting of the server, in one table: <c>--help</c> prints it, the
/// command line's flags come from it, and start-up checks configured values
/// against it. To add a setting, add a row.
/// </summary>
internal static class ServerSettings
{
    private const int MaxPort = 65535;

    public static readonly IReadOnlyList<ServerSetting> All =
    [
        // Where the server listens.
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.Host), "--host",
            "Address to bind: 127.0.0.1 or ::1 keeps it on this machine; 0.0.0.0 or :: opens it to the network."),
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.Port), "--port",
            "Cleartext port for every protocol (gRPC over HTTP/2 prior knowledge, REST over HTTP/1.1 or HTTP/2); 0 picks a free port.") with
        {
            Maximum = MaxPort,
        },
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.TlsPort), "--tls-port",
            "TLS port (ALPN h2 and http/1.1); needs a certificate. 0 picks a free port.") with
        {
            Maximum = MaxPort,
        },
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.CertificatePath), "--certificate",
            "PFX or PEM certificate file for the TLS port.") with
        {
            Check = ExistingFile,
            IsPath = true,
        },
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.CertificateKeyPath), "--certificate-key",
            "PEM private key file, when the certificate is PEM.") with
        {
            Check = ExistingFile,
            IsPath = true,
        },
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.CertificatePassword), "--certificate-password",
            "Password of the PFX certificate."),
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.TlsSelfSigned), "--tls-self-signed",
            "Serve TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start or reused from the TLS folder; its PEM path is printed at start. The TLS port is then the port plus one unless set (a free one with port 0)."),
        ServerSetting.For<ServerOptions>(ServerOptions.SectionName, nameof(ServerOptions.TlsDirectory), "--tls-dir",
            "Folder that keeps the self-signed certificate (localhost.pem, to trust, and localhost.key.pem) between runs; default a folder in the temporary directory.") with
        {
            IsPath = true,
        },

        // The gRPC layer (its limits hold for REST bodies too).
        ServerSetting.For<GrpcServerOptions>(GrpcServerOptions.SectionName, nameof(GrpcServerOptions.MaxReceiveMessageSize), "--max-message-size",
            "Largest request message in bytes; larger ones end RESOURCE_EXHAUSTED."),
        ServerSetting.For<GrpcServerOptions>(GrpcServerOptions.SectionName, nameof(GrpcServerOptions.MaxSendMessageSize), "--max-send-message-size",
            "Largest response message in bytes; a larger one ends RESOURCE_EXHAUSTED."),
        ServerSetting.For<GrpcServerOptions>(GrpcServerOptions.SectionName, nameof(GrpcServerOptions.EnableDetailedErrors), "--detailed-errors",
            "Send an unhandled exception's type and message in the INTERNAL status."),

        // The operation registry and the Operations service.
        ServerSetting.For<OperationRegistryOptions>(OperationRegistryOptions.SectionName, nameof(OperationRegistryOptions.MaxOperations), "--max-operations",
            "Most operations held; when full the oldest finished one goes, else new work gets RESOURCE_EXHAUSTED.") with
        {
            Minimum = 1,
        },
        ServerSetting.For<OperationRegistryOptions>(OperationRegistryOptions.SectionName, nameof(OperationRegistryOptions.Retention), "--retention",
            "How long a finished operation stays readable."),
        ServerSetting.For<OperationsServiceOptions>(OperationRegistryOptions.SectionName, nameof(OperationsServiceOptions.DefaultPageSize), "--default-page-size",
            "ListOperations page size when the request gives none.") with
        {
            Minimum = 1,
        },
        ServerSetting.For<OperationsServiceOptions>(OperationRegistryOptions.SectionName, nameof(OperationsServiceOptions.MaxPageSize), "--max-page-size",
            "Largest ListOperations page; larger requests are coerced to it.") with
        {
            Minimum = 1,
        },
        ServerSetting.For<OperationsServiceOptions>(OperationRegistryOptions.SectionName, nameof(OperationsServiceOptions.MaxWaitTimeout), "--max-wait",
            "Longest WaitOperation holds a call; also its wait when the request sets no timeout."),

        // The emulator's control plane.
        ServerSetting.For<OperationsEmulatorOptions>(OperationsEmulatorOptions.SectionName, nameof(OperationsEmulatorOptions.MaxBatchSize), null,
            "Most operations one BatchStartOperations call may start."),
        ServerSetting.For<OperationsEmulatorOptions>(OperationsEmulatorOptions.SectionName, nameof(OperationsEmulatorOptions.JournalSize), null,
            "Most calls the call journal keeps."),
        ServerSetting.For<OperationsEmulatorOptions>(OperationsEmulatorOptions.SectionName, nameof(OperationsEmulatorOptions.MaxFaultRules), null,
            "Most fault rules held at once."),
        ServerSetting.For<OperationsEmulatorOptions>(OperationsEmulatorOptions.SectionName, nameof(OperationsEmulatorOptions.MaxScriptDuration), null,
            "Longest scripted time a client may ask for: script durations and cancel delays, job duration labels, fault rule delays."),
        ServerSetting.For<OperationsEmulatorOptions>(OperationsEmulatorOptions.SectionName, nameof(OperationsEmulatorOptions.SeedFile), "--seed",
            "JSON file of operations and jobs (the ExportState format) loaded at start-up; a bad file stops start-up.") with
        {
            IsPath = true,
        },

        // Where the state is kept.
        ServerSetting.For<StorageOptions>(StorageOptions.SectionName, nameof(StorageOptions.DataDir), "--data-dir",
            "Folder of the SQLite data file (longrunning.db) that keeps operations, jobs and the clock across restarts, one server per folder; unset: memory only.") with
        {
            IsPath = true,
        },
        ServerSetting.For<PostgresOptions>(PostgresOptions.SectionName, nameof(PostgresOptions.ConnectionString), "--postgres",
            "Keep operations and jobs in this PostgreSQL database (an Npgsql connection string, e.g. Host=127.0.0.1;Database=lrs;Username=lrs;Password=...), which several servers may share; its password is never logged.") with
        {
            Check = PostgresConnectionText.Problem,
        },
        ServerSetting.For<PostgresOptions>(PostgresOptions.SectionName, nameof(PostgresOptions.LeaseDuration), null,
            "With PostgreSQL, how long a server's hold on running work lasts unless renewed (at a third of it): another server takes over a dead one's work within this plus a third.") with
        {
            Minimum = 1,
        },
        ServerSetting.For<PostgresOptions>(PostgresOptions.SectionName, nameof(PostgresOptions.ServerName), null,
            "With PostgreSQL, this server's name, kept across restarts, so that it takes its running work back at once when started again; unset: a new random name each start. No two running servers may share one.") with
        {
            Check = PostgresOptions.ServerNameProblem,
        },

        // Simulated Vertex AI jobs.
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.Profile), "--latency-profile",
            "Latency profile whose stage durations replace the five below: instant, fast or realistic; unset: use them as set.") with
        {
            AllowedValues = LatencyProfile.All.Select(p => p.Name).ToArray(),
        },
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.QueuedDuration), null,
            "How long a job stays QUEUED."),
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.PendingDuration), null,
            "How long a job stays PENDING."),
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.RunningDuration), null,
            "How long a job stays RUNNING before it succeeds or fails."),
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.CancelDelay), null,
            "How long a job stays CANCELLING before it is CANCELLED."),
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.DeleteDuration), null,
            "How long the operation of a job deletion takes."),
        ServerSetting.For<JobEngineOptions>(JobEngineOptions.SectionName, nameof(JobEngineOptions.MaxJobs), null,
            "Most jobs held; when full the oldest finished job goes.") with
        {
            Minimum = 1,
        },

        // Cloud Optimization and Route Optimization.
        ServerSetting.For<OptimizationOptions>(OptimizationOptions.SectionName, nameof(OptimizationOptions.BatchDuration), null,
            "How long an optimization operation runs before it succeeds; zero or less: done at once.") with
        {
            Minimum = null,
        },
        ServerSetting.For<OptimizationOptions>(OptimizationOptions.SectionName, nameof(OptimizationOptions.SharedRestPaths), null,
            "Which API answers the REST paths both optimization APIs bind: Split, RouteOptimization or CloudOptimization.") with
        {
            AllowedValues = Enum.GetNames<SharedRestPaths>(),
        },

        // REST transcoding.
        ServerSetting.For<RestTranscodingOptions>(RestTranscodingOptions.SectionName, nameof(RestTranscodingOptions.ServiceConfigs), null,
            "Service config YAML files adding REST bindings, as Transcoding:ServiceConfigs:0, :1, ...; default every config/*.yaml.") with
        {
            IsPath = true,
            Check = ExistingFile,
        },
        ServerSetting.For<RestTranscodingOptions>(RestTranscodingOptions.SectionName, nameof(RestTranscodingOptions.GzipMinimumSize), null,
            "REST responses of at least this many bytes are gzipped for clients that accept it."),

        // Browsers.
        ServerSetting.For<CorsOptions>(CorsOptions.SectionName, nameof(CorsOptions.AllowedOrigins), "--cors-origin",
            "Origins whose pages may call the server (gRPC-Web, Connect, REST), as Cors:AllowedOrigins:0, :1, ... or one comma-separated --cors-origin; * allows any; none by default.") with
        {
            FlagKey = $"{CorsOptions.SectionName}:{nameof(CorsOptions.AllowedOrigins)}:0",
        },
        ServerSetting.For<CorsOptions>(CorsOptions.SectionName, nameof(CorsOptions.PreflightMaxAgeSeconds), null,
            "How long, in seconds, a browser may cache a CORS preflight's answer."),

        // Debugging and operating.
        ServerSetting.Free<string>("Logging:LogLevel:Default", "--log-level",
            "Least level logged: Trace, Debug (operation and job state changes), Information (one line per call), Warning, Error, Critical, None.",
            "Information") with
        {
            AllowedValues = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"],
        },
        ServerSetting.For<TelemetryOptions>(TelemetryOptions.SectionName, nameof(TelemetryOptions.MetricsPath), "--metrics-path",
            "Path of the Prometheus text endpoint on the server's port; empty turns it off."),
        ServerSetting.For<TelemetryOptions>(TelemetryOptions.SectionName, nameof(TelemetryOptions.OtlpEndpoint), "--otlp-endpoint",
            "OTLP collector to push metrics to, e.g. http://127.0.0.1:4317; unset: no push.") with
        {
            Check = AbsoluteUri,
        },
        ServerSetting.For<TelemetryOptions>(TelemetryOptions.SectionName, nameof(TelemetryOptions.OtlpProtocol), "--otlp-protocol",
            "OTLP transport: grpc or http/protobuf.") with
        {
            AllowedValues = [OtlpMetricsExport.GrpcProtocol, OtlpMetricsExport.HttpProtobufProtocol],
        },
        ServerSetting.For<TelemetryOptions>(TelemetryOptions.SectionName, nameof(TelemetryOptions.OtlpExportInterval), null,
            "How often metrics are pushed to the OTLP collector.") with
        {
            Minimum = 0.001,
        },
        ServerSetting.For<AuthOptions>(AuthOptions.SectionName, nameof(AuthOptions.Token), "--auth-token",
            "Shared secret every call must send as 'authorization: Bearer <token>', 'x-goog-api-key: <token>' or REST ?key=<token>; health and metrics stay open."),
    ];

    /// <summary>Checks every configured value against its row, from whichever source it came.</summary>
    /// <exception cref="InvalidConfigurationException">A value is refused; the message names the setting.</exception>
    public static void Validate(IConfiguration configuration)
    {
        foreach (var setting in All)
        {
            var section = configuration.GetSection(setting.Key);
            // A list's items are checked one by one, each against the row's check.
            var values = section.Value is { } value ? [value] : setting.ValueType.IsGenericType ? section.GetChildren().Select(c => c.Value) : [];
            foreach (var item in values)
            {
                var problem = item is null ? null : setting.ValueType.IsGenericType ? item.Length == 0 ? null : setting.Check?.Invoke(item) : setting.Validate(item);
                if (problem is not null)
                {
                    throw new InvalidConfigurationException($"Invalid {Describe(setting)}: {problem}");
                }
            }
        }
    }

    /// <summary>
    /// Makes every relative path setting (a list's items too) absolute against <paramref name="directory"/>,
    /// the current directory, whichever source gave it; the host's content root is the app's own folder.
    /// </summary>
    public static void ResolvePaths(IConfigurationManager configuration, string directory)
    {
        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in All.Where(s => s.IsPath))
        {
            var section = configuration.GetSection(setting.Key);
            IEnumerable<IConfigurationSection> entries = section.Value is not null ? [section] : section.GetChildren();
            foreach (var entry in entries)
            {
                if (entry.Value is { Length: > 0 } path && !Path.IsPathFullyQualified(path))
                {
                    resolved[entry.Path] = Path.GetFullPath(path, directory);
                }
            }
        }

        if (resolved.Count > 0)
        {
            configuration.AddInMemoryCollection(resolved);
        }
    }

    /// <summary>The setting as an operator may have written it: key, flag and environment variable.</summary>
    public static string Describe(ServerSetting setting) =>
        setting.Flag is { } flag
            ? $"{setting.Key} ({flag}, env {setting.EnvironmentVariable})"
            : $"{setting.Key} (env {setting.EnvironmentVariable})";

    private static string? ExistingFile(string path) =>
        File.Exists(path) ? null : $"the file '{path}' does not exist.";

    private static string? AbsoluteUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{text}' is not an absolute http:// or https:// address.";
}
