namespace LongRunningService.Protocol.Transcoding;

/// <summary>Every REST route of the served methods, built once by <see cref="RestRouteTableBuilder"/>.</summary>
internal sealed class RestRouteTable
{
    private readonly HttpRouteTree<RestRoute> _tree;

    public RestRouteTable(IReadOnlyList<RestRoute> routes, HttpRouteTree<RestRoute> tree, IReadOnlyList<RestSharedRoute> shared)
    {
        Routes = routes;
        _tree = tree;
        Shared = shared;
    }

    /// <summary>The bindings several methods declare, each with the method an arbiter let answer it.</summary>
    public IReadOnlyList<RestSharedRoute> Shared { get; }

    /// <summary>The routes in registration order: per method, the annotation's bindings, then the configs'.</summary>
    public IReadOnlyList<RestRoute> Routes { get; }

    public HttpRouteMatch<RestRoute> Match(HttpRequestPath path, string httpMethod) => _tree.Match(path, httpMethod);
}
