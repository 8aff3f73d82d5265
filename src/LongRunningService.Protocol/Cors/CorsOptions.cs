namespace LongRunningService.Protocol.Cors;

/// <summary>Cross-origin access for browsers, bound from the <c>Cors</c> configuration section.</summary>
public sealed class CorsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Cors";

    /// <summary>
    /// Origins (e.g. <c>http://localhost:5173</c>) whose pages may call the
    /// server; an entry may list several, separated by commas, and <c>*</c>
    /// allows every origin. Default empty: no CORS headers, preflights refused.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long, in seconds, a browser may cache a preflight's answer. Default 7200.</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 7200;
}
