using LongRunningService.Protocol.Grpc.Served;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Health;

/// <summary>
/// Registers gRPC health checking and the status it reports; the host adds
/// <see cref="ReadinessEndpointMiddleware"/> to its pipeline for <c>/healthz</c>.
/// </summary>
internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services)
    {
        services.AddSingleton<HealthStatusBoard>();
        services.AddSingleton<IGrpcService, HealthService>();
        return services;
    }
}
