using Grpc.Core;
using LongRunningService.Protocol.Security;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>What a handler or interceptor reads of its call beyond Grpc.Core's context, from the call's <see cref="ServedCallFeature"/>.</summary>
internal static class ServedCallExtensions
{
    /// <summary>The wire protocol: <c>grpc</c>, <c>grpc-web</c>, <c>connect</c> or <c>rest</c>.</summary>
    public static string Protocol(this ServerCallContext context) => FeatureOf(context)?.Protocol ?? RequestProtocol.Grpc;

    /// <summary>
    /// The APIs whose HTTP rules bind the REST route that carried this call
    /// (service names such as <c>aiplatform.googleapis.com</c>); null over gRPC,
    /// gRPC-Web and Connect, which name the service instead. Empty when no API claims the route.
    /// </summary>
    public static IReadOnlyList<string>? BindingApis(this ServerCallContext context) => FeatureOf(context)?.BindingApis;

    /// <summary>The served method the call runs, as the outermost interceptor found it; null outside a served unary call.</summary>
    public static ServedMethod? ServedMethod(this ServerCallContext context) => FeatureOf(context)?.Method;

    /// <summary>The resource the request names (its <c>name</c> or <c>parent</c>), or empty.</summary>
    public static string ResourceName(this ServerCallContext context) => FeatureOf(context)?.ResourceName ?? string.Empty;

    /// <summary>The deadline, or null when the client set none.</summary>
    public static DateTimeOffset? DeadlineOrNull(this ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(context.Deadline, DateTimeKind.Utc));

    /// <summary>One request header's first value, or null; cheaper than <see cref="ServerCallContext.RequestHeaders"/> for a single look-up.</summary>
    public static string? RequestHeader(this ServerCallContext context, string name)
    {
        var values = HttpOf(context).Request.Headers[name];
        return values.Count > 0 ? values[0] : null;
    }

    private static ServedCallFeature? FeatureOf(ServerCallContext context) =>
        context is ServedCallContext served ? served.Feature : HttpOf(context).Features.Get<ServedCallFeature>();

    private static Microsoft.AspNetCore.Http.HttpContext HttpOf(ServerCallContext context) =>
        context is ServedCallContext served ? served.Http : context.GetHttpContext();
}
