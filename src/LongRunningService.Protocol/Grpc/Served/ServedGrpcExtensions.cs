using System.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Registers and maps the served services on Grpc.AspNetCore, with gRPC-Web on every one of them.</summary>
internal static class ServedGrpcExtensions
{
    private static readonly MethodInfo MapGrpcService =
        typeof(GrpcEndpointRouteBuilderExtensions).GetMethod(
            nameof(GrpcEndpointRouteBuilderExtensions.MapGrpcService), genericParameterCount: 1, [typeof(IEndpointRouteBuilder)])!;

    public static IServiceCollection AddServedGrpc(this IServiceCollection services)
    {
        services.AddSingleton(typeof(IGrpcServiceActivator<>), typeof(ServedServiceActivator<>)); // before AddGrpc, which adds its own if none is
        services.AddGrpc();
        services.AddSingleton<IConfigureOptions<GrpcServiceOptions>, ServedGrpcOptionsSetup>();
        services.AddSingleton<ServedCallInterceptor>();
        services.AddSingleton(sp => new ServedMethodDispatcher(sp.GetRequiredService<GrpcMethodTable>(), sp.GetService<IServedDescriptorSource>()));
        return services;
    }

    /// <summary>
    /// The protocol notes and call reports first, then gRPC-Web translation, so its
    /// requests reach the gRPC endpoints as gRPC.
    /// </summary>
    public static IApplicationBuilder UseServedGrpcWeb(this IApplicationBuilder app) =>
        app.UseMiddleware<ServedCallMiddleware>().UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });

    /// <summary>
    /// Maps the made service type of every served descriptor, as generated services are mapped;
    /// the builder takes conventions for all of them (authorization, for one).
    /// </summary>
    public static IEndpointConventionBuilder MapServedGrpc(this IEndpointRouteBuilder endpoints)
    {
        var table = endpoints.ServiceProvider.GetRequiredService<GrpcMethodTable>();
        var descriptors = endpoints.ServiceProvider.GetService<IServedDescriptorSource>();
        var builders = table.Services
            .Select(service => descriptors?.ServedDescriptorOf(service) ?? service)
            .Select(service => (IEndpointConventionBuilder)MapGrpcService.MakeGenericMethod(ServedServiceTypes.ServiceTypeOf(service)).Invoke(null, [endpoints])!)
            .ToArray();
        return new ServedConventions(builders);
    }

    private sealed class ServedConventions(IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
