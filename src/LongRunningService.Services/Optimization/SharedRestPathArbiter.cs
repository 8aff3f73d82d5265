using Google.Cloud.Optimization.V1;
using Google.Maps.RouteOptimization.V1;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Transcoding;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Picks the API that answers a REST path both Cloud Optimization and Route
/// Optimization bind, as <see cref="OptimizationOptions.SharedRestPaths"/> says.
/// Other conflicts are not its to settle.
/// </summary>
internal sealed class SharedRestPathArbiter(IOptions<OptimizationOptions> options) : IRestRouteArbiter
{
    private static readonly string CloudOptimization = FleetRoutingReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FleetRouting").FullName;
    private static readonly string RouteOptimization = RouteOptimizationServiceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("RouteOptimization").FullName;

    public MethodDescriptor? Choose(string httpMethod, string template, MethodDescriptor first, MethodDescriptor second)
    {
        var (cloud, route) = (first.Service.FullName, second.Service.FullName) switch
        {
            var (a, b) when a == CloudOptimization && b == RouteOptimization => (first, second),
            var (a, b) when a == RouteOptimization && b == CloudOptimization => (second, first),
            _ => (null, null),
        };
        if (cloud is null || route is null)
        {
            return null;
        }

        return options.Value.SharedRestPaths switch
        {
            SharedRestPaths.RouteOptimization => route,
            SharedRestPaths.CloudOptimization => cloud,
            _ => IsLocationForm(template) ? route : cloud,
        };
    }

    // The templates bind `{parent=projects/*/locations/*}` or `{parent=projects/*}`.
    private static bool IsLocationForm(string template) => template.Contains("/locations/", StringComparison.Ordinal);
}
