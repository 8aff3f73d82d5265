using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// Registers the shared secret as an authentication scheme and an authorization
/// policy; the gRPC endpoints require the policy through
/// <see cref="RequireSharedSecret{TBuilder}"/>, REST and Connect through <see cref="SharedSecretGate"/>.
/// </summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSharedSecretAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.AddSingleton<SharedSecret>();
        services.AddSingleton<SharedSecretGate>();
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
