using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Registers and maps the served methods on Grpc.AspNetCore, with gRPC-Web on every one of them.</summary>
internal static class ServedGrpcExtensions
{
    public static IServiceCollection AddServedGrpc(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddSingleton<IConfigureOptions<GrpcServiceOptions>, ServedGrpcOptionsSetup>();
        services.AddSingleton<ServedMethods>();
        services.AddSingleton<IServiceMethodProvider<ServedMethods>, ServedMethodProvider>();
        return services;
    }

    /// <summary>
    /// The protocol notes and call reports first, then gRPC-Web translation, so its
    /// requests reach the gRPC endpoints as gRPC.
    /// </summary>
    public static IApplicationBuilder UseServedGrpcWeb(this IApplicationBuilder app) =>
        app.UseMiddleware<ServedCallMiddleware>().UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });

    /// <summary>Maps every served method; the builder takes conventions for all of them (authorization, for one).</summary>
    public static GrpcServiceEndpointConventionBuilder MapServedGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<ServedMethods>();
}
