using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// The shared-secret policy for calls that do not run as endpoints (REST after
/// its route is matched, Connect until it runs on the gRPC endpoints):
/// evaluated the way the authorization middleware evaluates an endpoint's, and
/// answered with the same challenge.
/// </summary>
internal sealed class SharedSecretGate(SharedSecret secret, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator)
{
    /// <summary>True when the call may run; otherwise the refusal has been written.</summary>
    public async ValueTask<bool> AllowsAsync(HttpContext context, object resource)
    {
        if (!secret.IsConfigured)
        {
            return true;
        }

        var policy = await policies.GetPolicyAsync(SharedSecretDefaults.Policy)
            ?? throw new InvalidOperationException($"The authorization policy '{SharedSecretDefaults.Policy}' is not registered.");
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource);
        if (authorization.Succeeded)
        {
            return true;
        }

        foreach (var scheme in policy.AuthenticationSchemes)
        {
            await context.ChallengeAsync(scheme);
        }

        return false;
    }
}
