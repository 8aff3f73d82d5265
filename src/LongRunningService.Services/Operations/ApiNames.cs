using Google.Api;
using Google.Protobuf.Reflection;

namespace LongRunningService.Services.Operations;

/// <summary>
/// The API a service belongs to, named as Google names it: the host its
/// <c>google.api.default_host</c> option gives (<c>aiplatform.googleapis.com</c>),
/// which is also the <c>name</c> of the API's service config. Operations carry it,
/// so a list through one API's REST bindings can leave out the others'.
/// </summary>
internal static class ApiNames
{
    /// <summary>The API of <paramref name="service"/>; throws when its proto declares no default host.</summary>
    public static string Of(ServiceDescriptor service) =>
        service.GetOptions()?.GetExtension(ClientExtensions.DefaultHost) is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException($"Service '{service.FullName}' declares no google.api.default_host, so its operations name no API.");
}
