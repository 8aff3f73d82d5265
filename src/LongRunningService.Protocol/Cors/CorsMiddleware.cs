using System.Globalization;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LongRunningService.Protocol.Cors;

/// <summary>
/// CORS for every protocol on the port (gRPC-Web, Connect, REST): answers the
/// preflight of an allowed origin, echoing the method and headers it asks
/// for, and on its actual responses exposes the gRPC status headers and any
/// custom metadata, which browsers otherwise hide from scripts. An origin not
/// on the list gets no CORS headers, and its preflight gets 403.
/// </summary>
internal sealed class CorsMiddleware
{
    private static readonly HashSet<string> SafelistedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma",
        "date", "server", "vary", "transfer-encoding", "connection",
        HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlExposeHeaders,
    };

    private static readonly string[] StatusHeaders = [GrpcHeaders.Status, GrpcHeaders.Message, GrpcHeaders.StatusDetails];

    private readonly RequestDelegate _next;
    private readonly HashSet<string> _origins;
    private readonly bool _anyOrigin;
    private readonly string _maxAge;

    public CorsMiddleware(RequestDelegate next, IOptions<CorsOptions> options)
    {
        _next = next;
        _origins = new HashSet<string>(
            options.Value.AllowedOrigins.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            StringComparer.OrdinalIgnoreCase);
        _anyOrigin = _origins.Remove("*");
        _maxAge = options.Value.PreflightMaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var isPreflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);
        if (origin.Length == 0)
        {
            return _next(context);
        }

        var allowed = _anyOrigin || _origins.Contains(origin);
        var response = context.Response;
        if (isPreflight)
        {
            response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
            if (!allowed)
            {
                response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            response.StatusCode = StatusCodes.Status204NoContent;
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.AccessControlAllowMethods = request.Headers.AccessControlRequestMethod;
            var requestedHeaders = request.Headers.AccessControlRequestHeaders;
            if (requestedHeaders.Count > 0)
            {
                response.Headers.AccessControlAllowHeaders = requestedHeaders;
            }

            response.Headers.AccessControlMaxAge = _maxAge;
            return Task.CompletedTask;
        }

        if (!allowed)
        {
            return _next(context);
        }

        response.OnStarting(static state => ExposeHeaders((HttpContext)state), context);
        return _next(context);
    }

    // Set when the response starts, so that metadata the handler added is exposed too.
    private static Task ExposeHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = context.Request.Headers.Origin;
        headers.Append(HeaderNames.Vary, "Origin");
        var exposed = new List<string>(StatusHeaders);
        foreach (var name in headers.Keys)
        {
            if (!SafelistedResponseHeaders.Contains(name) && !exposed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                exposed.Add(name.ToLowerInvariant());
            }
        }

        headers.AccessControlExposeHeaders = string.Join(", ", exposed);
        return Task.CompletedTask;
    }
}
