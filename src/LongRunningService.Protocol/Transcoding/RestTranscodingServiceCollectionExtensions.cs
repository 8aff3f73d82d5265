using LongRunningService.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>Registers the REST transcoder; the host adds <see cref="RestTranscodingMiddleware"/> to its pipeline.</summary>
internal static class RestTranscodingServiceCollectionExtensions
{
    public static IServiceCollection AddRestTranscoding(this IServiceCollection services)
    {
        services.AddOptions<RestTranscodingOptions>().BindConfiguration(RestTranscodingOptions.SectionName);
        services.AddSingleton(sp => new RestJson(sp.GetRequiredService<GrpcMethodTable>().Services.Select(s => s.File)));
        services.AddSingleton<RestResponseCache>();
        services.AddSingleton<RestCallHandler>();

        // Built on the thread pool from when the host has loaded its state (see StartBuildingRouteTable);
        // the first REST call waits for it, gRPC calls do not. Start-up ends only once it is built, so a
        // bad rule or config still stops the server from starting.
        services.AddSingleton(sp => new RestRouteTableSource(() => CreateRouteTable(sp)));
        services.AddHostedService<RestRouteTableReadiness>();
        return services;
    }

    /// <summary>Starts building the REST route table on the thread pool; call once the services may be created.</summary>
    public static void StartBuildingRouteTable(this IServiceProvider services) =>
        services.GetRequiredService<RestRouteTableSource>().Start();

    private static RestRouteTable CreateRouteTable(IServiceProvider services)
    {
        var methods = services.GetRequiredService<GrpcMethodTable>();
        var options = services.GetRequiredService<IOptions<RestTranscodingOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILogger<RestRouteTable>>();

        var builder = new RestRouteTableBuilder();
        foreach (var arbiter in services.GetServices<IRestRouteArbiter>())
        {
            builder.AddArbiter(arbiter);
        }

        foreach (var service in methods.Services)
        {
            foreach (var method in service.Methods)
            {
                methods.TryGetHandler($"/{service.FullName}/{method.Name}", out var handler);
                builder.AddMethod(method, handler.UnaryInvoker);
            }
        }

        var files = ServiceConfigFiles.Resolve(options, environment.ContentRootPath);
        foreach (var file in files)
        {
            builder.AddServiceConfig(ServiceConfigLoader.Load(file));
        }

        var table = builder.Build();
        var served = table.Routes.Select(r => r.Method).Distinct().Count();
        RestTranscodingLog.RoutesBuilt(logger, table.Routes.Count, served, files.Count == 0 ? "none" : string.Join(", ", files.Select(Path.GetFileName)));
        foreach (var shared in table.Shared)
        {
            RestTranscodingLog.SharedRoute(logger, shared.HttpMethod, shared.Template, shared.Winner.Service.FullName, shared.Loser.Service.FullName);
        }

        return table;
    }
}
