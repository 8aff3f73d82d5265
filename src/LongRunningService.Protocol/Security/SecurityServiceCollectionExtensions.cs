using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// Registers the shared secret as an authentication scheme and an authorization
/// policy, which every endpoint but health's requires through
/// <see cref="RequireSharedSecret{TBuilder}"/> (gRPC, and gRPC-Web, Connect and
/// REST, which run on the same endpoints). Without a token none of it is
/// registered, so no request pays for authentication it does not need.
/// </summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSharedSecretAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.AddSingleton<SharedSecret>();
        if (string.IsNullOrEmpty(configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Token)}"]))
        {
            return services;
        }

        // Authentication's core and the one scheme, without AddAuthentication's data protection key ring,
        // which nothing here uses and which would be read, or made and written, at every start. The scheme
        // runs only where a policy names it: the host's runtimeconfig stops a lone scheme becoming the default.
        services.AddAuthenticationCore(options => options.AddScheme<SharedSecretAuthenticationHandler>(SharedSecretDefaults.Scheme, displayName: null));
        services.AddWebEncoders();
        services.AddOptions<AuthenticationSchemeOptions>(SharedSecretDefaults.Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(SharedSecretDefaults.Policy, policy => policy
                .AddAuthenticationSchemes(SharedSecretDefaults.Scheme)
                .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The authorization middleware, when a token is configured (nothing to authorize otherwise).</summary>
    public static IApplicationBuilder UseSharedSecretAuthorization(this IApplicationBuilder app, SharedSecret secret) =>
        secret.IsConfigured ? app.UseAuthorization() : app;

    /// <summary>
    /// When a token is configured, every endpoint the builder makes requires the policy,
    /// except the methods of open services (health), known by the method each endpoint runs.
    /// </summary>
    public static TBuilder RequireSharedSecret<TBuilder>(this TBuilder builder, SharedSecret secret)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!secret.IsConfigured)
        {
            return builder;
        }

        builder.Add(endpoint =>
        {
            var method = endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault();
            if (method is null || !SharedSecretDefaults.IsOpenService(method.Method.ServiceName))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(SharedSecretDefaults.Policy));
            }
        });
        return builder;
    }
}
