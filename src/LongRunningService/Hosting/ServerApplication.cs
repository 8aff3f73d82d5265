using System.Net;
using Grpc.AspNetCore.Server;
using LongRunningService.Configuration;
using LongRunningService.Diagnostics;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Operations.Storage;
using LongRunningService.Operations.Timing;
using LongRunningService.Protocol.Connect;
using LongRunningService.Protocol.Cors;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Protocol.Health;
using LongRunningService.Protocol.Hosting;
using LongRunningService.Protocol.Reflection;
using LongRunningService.Protocol.Security;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Services.Emulator;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Optimization;
using LongRunningService.Services.Paging;
using LongRunningService.Services.Validation;
using LongRunningService.Services.Vertex;
using LongRunningService.Storage.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace LongRunningService.Hosting;

/// <summary>Builds the server: the table of contents of what it is made of.</summary>
internal static class ServerApplication
{
    /// <summary>Builds the server from its command line; <paramref name="announce"/>, when given, receives the start-up lines whatever the log level.</summary>
    /// <exception cref="InvalidConfigurationException">A setting, the seed file, the certificate or a port the server cannot start with.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null, TextWriter? announce = null)
    {
        // The served APIs' descriptors, the bulk of start-up, are built on other threads meanwhile.
        ServedTypes.StartBuilding();

        // Every setting is a row of ServerSettings: its flags, its checks and --help all come from there.
        var commandLine = CommandLineFlags.Parse(args);
        // appsettings.json and config/ live next to the app; paths a user gives are read from the current directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. commandLine.HostArgs], ContentRootPath = AppContext.BaseDirectory });
        // Defaults below every other source. ASP.NET's own request log is off: the server writes one
        // line per call itself, and with that log on Kestrel would start an Activity for every request.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
                // Grpc.AspNetCore logs a client's malformed frame or payload at Error; such a call gets
                // its one line, with its status, from the server's own call log instead.
                ["Logging:LogLevel:Grpc.AspNetCore.Server.ServerCallHandler"] = "None",
                // JSON transcoding logs every failed REST call at Information; the call log has its line already.
                ["Logging:LogLevel:Grpc.AspNetCore.Grpc.JsonTranscoding.ServerCallHandler"] = "None",
                // The server announces its addresses itself, once each; the host's own lines would repeat them.
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Warning",
            },
        });
        builder.Configuration.AddInMemoryCollection(commandLine.Settings); // the command line wins over appsettings.json and the environment
        builder.Services.Configure<SimpleConsoleFormatterOptions>(console => console.SingleLine = true); // one physical line per entry
        customize?.Invoke(builder);

        var services = builder.Services;
        var configuration = builder.Configuration;
        ServerSettings.ResolvePaths(configuration, Environment.CurrentDirectory);
        ServerSettings.Validate(configuration);

        // Options: defaults in code, overridable by appsettings, environment and command line.
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName);
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.SectionName);
        services.AddServedCors();
        services.AddOptions<OperationRegistryOptions>().BindConfiguration(OperationRegistryOptions.SectionName);
        services.AddOptions<OperationsServiceOptions>().BindConfiguration(OperationRegistryOptions.SectionName);
        services.AddOptions<OperationsEmulatorOptions>().BindConfiguration(OperationsEmulatorOptions.SectionName);

        // One clock for every timer: real time by default; paused, scaled or advanced through the control API.
        services.TryAddSingleton(sp => new EmulatorClock(TimeProvider.System, sp.GetRequiredService<ILogger<EmulatorClock>>()));
        services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<EmulatorClock>());

        // The operation registry and the work that runs behind operations; both record their changes in the store.
        services.AddSingleton<InMemoryOperationRegistry>();
        services.AddSingleton<IOperationRegistry>(sp => sp.GetRequiredService<InMemoryOperationRegistry>());
        services.AddSingleton<ScriptedOperationRunner>();
        services.AddSingleton<IOperationResumer>(sp => sp.GetRequiredService<ScriptedOperationRunner>());

        // Services; each binds its handlers to its descriptor.
        services.AddSingleton(sp => new PageTokenCodec(() => sp.GetRequiredService<StoredStateLoader>().PageTokenKey)); // the store's key, known once it has loaded
        services.AddSingleton<IGrpcService, OperationsService>();
        services.AddSingleton<IGrpcService, OperationsEmulatorService>();

        // The emulator's control plane: every unary call, on every protocol, passes the journal, then the
        // fault rules, as interceptors of Grpc.AspNetCore (one instance each, from here).
        services.AddSingleton<CallJournal>();
        services.AddSingleton<FaultRuleBook>();
        services.AddSingleton<CallJournalInterceptor>();
        services.AddSingleton<ICallObserver, CallJournalRefusals>(); // and the calls refused before a handler ran
        services.AddSingleton<FaultInjectionInterceptor>();
        services.Configure<GrpcServiceOptions>(grpc =>
        {
            grpc.Interceptors.Add<CallJournalInterceptor>();
            grpc.Interceptors.Add<FaultInjectionInterceptor>();
        });
        services.AddSingleton<EmulatorStateStore>();
        services.AddSingleton<IOperationResumer>(sp => sp.GetRequiredService<EmulatorStateStore>());
        services.AddSingleton<IGrpcService, EmulatorControlService>();
        services.AddSingleton<SeedFileLoader>(); // run below, before the server starts listening

        // Cloud Optimization and Route Optimization: their long-running methods run as operations in the same
        // registry; an arbiter says which API answers the REST paths both bind.
        services.AddOptions<OptimizationOptions>().BindConfiguration(OptimizationOptions.SectionName);
        services.AddSingleton<OptimizationOperations>();
        services.AddSingleton<IOperationResumer>(sp => sp.GetRequiredService<OptimizationOperations>());
        services.TryAddSingleton<IRoutePlanner, CloudOptimizationRoutePlanner>();
        services.AddSingleton<IGrpcService, FleetRoutingService>();
        services.AddSingleton<IGrpcService, RouteOptimizationService>();
        services.AddSingleton<IRestRouteArbiter, SharedRestPathArbiter>();

        // Vertex AI job services, v1 and v1beta1, over one job engine.
        services.AddOptions<JobEngineOptions>().BindConfiguration(JobEngineOptions.SectionName);
        services.AddSingleton<JobRunner>();
        services.AddSingleton<LatencyProfiles>();
        services.AddSingleton<JobEngine>();
        services.AddSingleton<VertexJobWork>();
        services.AddSingleton<IOperationResumer>(sp => sp.GetRequiredService<VertexJobWork>());
        foreach (var vertex in VertexJobCatalog.Services)
        {
            services.AddSingleton<IGrpcService>(sp => ActivatorUtilities.CreateInstance<VertexJobService>(sp, vertex));
        }

        // Debugging and operating: server reflection (grpcurl, buf curl), health checking, a log line and
        // metrics per call (Prometheus text at /metrics, OTLP push when configured), and an optional shared secret.
        services.AddServerReflection();
        services.AddGrpcHealth();
        services.AddCallDiagnostics();
        services.AddSingleton<OperationMetrics>();
        services.AddOtlpMetricsExport(configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions());
        services.AddSharedSecretAuth(configuration);

        // The gRPC layer, routed from the services' descriptors.
        services.AddSingleton<GrpcServerRuntime>();
        services.AddSingleton<GrpcMethodTable>();
        services.AddServedGrpc(); // gRPC and gRPC-Web on Grpc.AspNetCore

        // REST: Google's HTTP/JSON mapping of the same methods through JSON transcoding, from their
        // google.api.http rules and service configs.
        services.AddRestTranscoding();

        // Connect (buf curl's default, browsers) restated onto the gRPC endpoints; its JSON shares REST's type registry.
        services.AddSingleton<ConnectJsonCodec>();

        // One cleartext port for every protocol, sorted by the HTTP/2 preface.
        // Failures here (a port taken, a certificate unreadable) are settings, named, not a failed host start.
        var serverOptions = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        var host = KestrelEndpointSetup.ParseHost(serverOptions.Host);
        var tls = KestrelEndpointSetup.PrepareTls(serverOptions, TimeProvider.System);
        KestrelEndpointSetup.RequireFree(host, serverOptions.Port, "Server:Port, --port");
        if (tls is not null)
        {
            KestrelEndpointSetup.RequireFree(host, tls.Port, "Server:TlsPort, --tls-port");
        }

        var cleartext = new SharedPort(new IPEndPoint(host, serverOptions.Port));
        services.AddSingleton(new ListeningEndpoints(cleartext) { TrustedPemPath = tls?.TrustedPemPath });
        services.AddSingleton(new StartupAnnouncement(announce));
        services.AddSharedPortTransport();
        builder.WebHost.ConfigureKestrel(kestrel => KestrelEndpointSetup.Configure(kestrel, serverOptions, cleartext, tls));
        services.Configure<HostOptions>(hostOptions => hostOptions.ShutdownTimeout = TimeSpan.FromSeconds(5));

        // Where accepted changes are recorded: PostgreSQL (checked and migrated here; several servers may share it),
        // a SQLite file in Storage:DataDir, or nothing beyond memory. Opened last before the host is built, so a
        // store that cannot be used stops the start with one message, and the file is not held when another setting stops it.
        var postgres = services.AddPostgresDatabase(configuration);
        var store = postgres is null ? OpenStore(configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions()) : null;
        if (store is not null)
        {
            services.AddSingleton(_ => store); // a factory, so the container disposes it
        }

        services.AddSingleton<StoredStateLoader>(); // run below, before the seed file and before the server listens
        WebApplication app;
        try
        {
            app = builder.Build();
        }
        catch
        {
            store?.Dispose();
            postgres?.Dispose();
            throw;
        }

        // The REST bindings (service configs read, descriptors rewritten) are settled on the thread pool while
        // the state loads; mapping the services below waits for them, and a bad config fails start-up there.
        _ = Task.Run(() => app.Services.GetRequiredService<RestServedDescriptors>())
            .ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

        try
        {
            // A store that held state already is not seeded again: the seed's names are in it.
            if (!app.Services.GetRequiredService<StoredStateLoader>().Load())
            {
                app.Services.GetRequiredService<SeedFileLoader>().Load();
            }

            app.Services.JoinSharedState();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        // Measuring starts with the server, not with the first scrape.
        app.Services.GetRequiredService<PrometheusMetricsCollector>();
        app.Services.GetRequiredService<OperationMetrics>();
        app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();

        var warmUp = new RoutingWarmUp();
        app.Use(warmUp.Start); // routing's matcher is built once the pipeline is, not on the first call
        app.UseMiddleware<CrossOriginMiddleware>(); // first: preflights (which carry no credentials) and exposed headers for every protocol
        app.UseWebPage(); // GET /emulator/: the page's files, open like /healthz; its calls carry the token
        app.UseRouting();
        app.Use(warmUp.Stop);
        app.UseMiddleware<RequestBodyRateMiddleware>(); // a slow body resets its own stream, not the connection
        app.UseMiddleware<ConnectTranslationMiddleware>(); // Connect calls, restated as gRPC for the endpoints
        app.UseServedGrpcWeb();
        app.UseSharedSecretAuthorization(app.Services.GetRequiredService<SharedSecret>()); // the shared secret, for the endpoint that will run (gRPC-Web and Connect are gRPC by now, REST is transcoded)
        app.UseMiddleware<ReadinessEndpointMiddleware>(); // GET /healthz; before REST, which answers every other path
        app.UsePrometheusMetrics(); // GET /metrics; likewise
        app.UseMiddleware<RestDialectMiddleware>(); // Google's REST dialect around the transcoded endpoints; 404 and 405 in its envelope
        app.MapServedGrpc() // run by the endpoint middleware at the pipeline's end
            .RequireSharedSecret(app.Services.GetRequiredService<SharedSecret>()); // every service but health
        app.Lifetime.ApplicationStarted.Register(() => AnnounceEndpoints(app));
        return app;
    }

    /// <exception cref="InvalidConfigurationException">The data folder or file cannot be used.</exception>
    private static IStateStore OpenStore(StorageOptions options)
    {
        if (options.DataDir is not { Length: > 0 } directory)
        {
            return new InMemoryStateStore();
        }

        try
        {
            return Storage.Sqlite.SqliteStateStore.Open(directory);
        }
        catch (StateStoreException exception)
        {
            throw new InvalidConfigurationException($"Storage:DataDir, --data-dir: {exception.Message}");
        }
    }

    private static void AnnounceEndpoints(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<ListeningEndpoints>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var tls = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal));
        if (tls is not null && BindingAddress.Parse(tls) is { } parsed)
        {
            endpoints.TlsEndPoint = new IPEndPoint(KestrelEndpointSetup.ParseHost(parsed.Host), parsed.Port);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LongRunningService");
        app.Services.GetRequiredService<StartupAnnouncement>().Announce(endpoints, logger);
    }
}
