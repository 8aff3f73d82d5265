using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Registers REST: JSON transcoding over the served services, with the bindings
/// of <see cref="RestServedDescriptors"/>; the host adds <see cref="RestDialectMiddleware"/> to its pipeline.
/// </summary>
internal static class RestTranscodingServiceCollectionExtensions
{
    public static IServiceCollection AddRestTranscoding(this IServiceCollection services)
    {
        services.AddOptions<RestTranscodingOptions>().BindConfiguration(RestTranscodingOptions.SectionName);
        services.AddSingleton(sp => new RestJson(sp.GetRequiredService<GrpcMethodTable>().Services.Select(s => s.File)));
        services.AddSingleton<RestServedDescriptors>();
        services.AddSingleton<IServedDescriptorSource>(sp => sp.GetRequiredService<RestServedDescriptors>());

        services.AddGrpc().AddJsonTranscoding();
        services.AddOptions<GrpcJsonTranscodingOptions>().Configure<RestJson>((transcoding, json) =>
        {
            // Every message a served file or its imports defines, so any Any (operation metadata and
            // results, error details) writes with its @type; int64 as strings and no default values, as Google writes.
            transcoding.TypeRegistry = json.Registry;
            transcoding.JsonSettings = new GrpcJsonSettings { WriteInt64sAsStrings = true, IgnoreDefaultValues = true };
        });

        // JSON transcoding routes with regex constraints, which the slim host leaves out.
        services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<RegexInlineRouteConstraint>("regex"));
        return services;
    }
}
