namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// What <see cref="HttpRouteTree{T}"/> found for a path and HTTP method: the
/// route, or, when templates matched the path under other methods only, those
/// methods (for a 405's <c>Allow</c>); neither means no template matched.
/// </summary>
internal readonly struct HttpRouteMatch<T>
    where T : class
{
    public HttpRouteMatch(T? route, HttpTemplate? template, IReadOnlyList<string> allowedMethods)
    {
        Route = route;
        Template = template;
        AllowedMethods = allowedMethods;
    }

    /// <summary>No template matched.</summary>
    public static HttpRouteMatch<T> None { get; } = new(null, null, []);

    public T? Route { get; }

    public HttpTemplate? Template { get; }

    /// <summary>The methods the path does take, when <see cref="Route"/> is null; empty when the path matched nothing.</summary>
    public IReadOnlyList<string> AllowedMethods { get; }

    public bool IsMethodNotAllowed => Route is null && AllowedMethods.Count > 0;
}
