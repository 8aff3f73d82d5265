using LongRunningService.Protocol.Grpc.Served;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Reflection;

/// <summary>Registers gRPC server reflection, v1 and v1alpha, over the served services' descriptors.</summary>
internal static class ServerReflectionServiceCollectionExtensions
{
    public static IServiceCollection AddServerReflection(this IServiceCollection services)
    {
        services.AddSingleton<ServerReflectionCatalog>();
        services.AddSingleton<IGrpcService, ServerReflectionService>();
        services.AddSingleton<IGrpcService, ServerReflectionV1AlphaService>();
        return services;
    }
}
