using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using LibraryCorsOptions = Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions;

namespace LongRunningService.Protocol.Cors;

/// <summary>
/// CORS for every protocol on the port (gRPC-Web, Connect, REST) through ASP.NET
/// Core's CORS service and one policy made from <see cref="CorsOptions"/>: an
/// allowed origin's preflight is answered (204, its method and headers echoed),
/// and its responses expose the gRPC status headers and whatever custom metadata
/// the handler added, which browsers otherwise hide from scripts. An origin not on
/// the list gets no CORS headers, and its preflight 403 rather than an empty 204,
/// so that a refusal is plain in the browser's network panel.
/// </summary>
internal sealed class CrossOriginMiddleware(RequestDelegate next, ICorsService cors, IOptions<LibraryCorsOptions> options)
{
    private static readonly HashSet<string> SafelistedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma",
        "date", "server", "vary", "transfer-encoding", "connection",
        HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlExposeHeaders,
    };

    // Exposed on every allowed answer; the policy names them, and metadata a handler adds joins them.
    private static readonly string[] StatusHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

    private readonly CorsPolicy _policy = options.Value.GetPolicy(options.Value.DefaultPolicyName)!;

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey(HeaderNames.Origin))
        {
            return next(context);
        }

        var result = cors.EvaluatePolicy(context, _policy);
        if (result.IsPreflightRequest)
        {
            context.Response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
            if (!result.IsOriginAllowed)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            cors.ApplyResult(result, context.Response);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        if (result.IsOriginAllowed)
        {
            cors.ApplyResult(result, context.Response);
            context.Response.OnStarting(static state => ExposeMetadata((HttpContext)state), context);
        }

        return next(context);
    }

    /// <summary>The policy: the configured origins (echoed, never <c>*</c>), any method and header, the gRPC status headers exposed.</summary>
    public static void Configure(LibraryCorsOptions library, CorsOptions ours)
    {
        var origins = new HashSet<string>(
            ours.AllowedOrigins.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            StringComparer.OrdinalIgnoreCase);
        var anyOrigin = origins.Remove("*");
        library.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origin => anyOrigin || origins.Contains(origin))
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders(StatusHeaders)
            .SetPreflightMaxAge(TimeSpan.FromSeconds(ours.PreflightMaxAgeSeconds)));
    }

    // When the response starts, the metadata the handler added is known: it is exposed beside the status headers.
    private static Task ExposeMetadata(HttpContext context)
    {
        var headers = context.Response.Headers;
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

/// <summary>Registers ASP.NET Core's CORS services with the policy our <see cref="CorsOptions"/> describe.</summary>
internal static class CrossOriginServiceCollectionExtensions
{
    public static IServiceCollection AddServedCors(this IServiceCollection services)
    {
        services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.SectionName);
        services.AddCors();
        services.AddOptions<LibraryCorsOptions>().Configure<IOptions<CorsOptions>>((library, ours) => CrossOriginMiddleware.Configure(library, ours.Value));
        return services;
    }
}
