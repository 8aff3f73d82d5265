using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Security;

/// <summary>Registers the shared-secret check; the host adds <see cref="AuthenticationMiddleware"/> first in its pipeline.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSharedSecretAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        return services;
    }
}
