namespace LongRunningService.Protocol.Transcoding;

/// <summary>Every REST route of the served methods, built once by <see cref="RestRouteTableBuilder"/>.</summary>
internal sealed class RestRouteTable
{
    private readonly HttpRouteTree<RestRoute> _tree;

    public RestRouteTable(IReadOnlyList<RestRoute> routes, HttpRouteTree<RestRoute> tree)
    {
        Routes = routes;
        _tree = tree;
    }

    /// <summary>The routes in registration order: per method, the annotation's bindings, then the configs'.</summary>
    public IReadOnlyList<RestRoute> Routes { get; }

    public HttpRouteMatch<RestRoute> Match(HttpRequestPath path, string httpMethod) => _tree.Match(path, httpMethod);
}
