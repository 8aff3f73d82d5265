using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// Interim: applies the shared-secret policy to Connect calls, which are still
/// served by middleware rather than the gRPC endpoints that carry the policy
/// (a Connect GET, for one, matches no endpoint). Once Connect runs on those
/// endpoints this check goes. A call to a health method stays open; Connect
/// runs the method whose path equals <see cref="HttpRequest.Path"/> exactly,
/// so the path names the method that will run.
/// </summary>
internal sealed class ConnectSharedSecretMiddleware(RequestDelegate next, SharedSecret secret, SharedSecretGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!secret.IsConfigured
            || RequestProtocol.Of(context.Request) != RequestProtocol.Connect
            || IsOpenMethod(context.Request.Path.Value ?? string.Empty)
            || await gate.AllowsAsync(context, context.Request.Path))
        {
            await next(context);
        }
    }

    private static bool IsOpenMethod(string path)
    {
        var segments = path.Split('/');
        return segments.Length == 3 && segments[0].Length == 0 && SharedSecretDefaults.IsOpenService(segments[1]);
    }
}
