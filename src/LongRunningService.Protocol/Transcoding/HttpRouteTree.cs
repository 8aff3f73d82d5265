namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Every route's template in a tree of segments, built once, so that a request
/// walks its path's depth instead of trying each template. The walk tries a
/// segment's literal child before its <c>*</c> child before a <c>**</c> ending,
/// so the first route found is the most specific: templates are compared
/// segment by segment from the left, literal beating <c>*</c> beating <c>**</c>.
/// A template with a verb beats one without, whose wildcard would otherwise
/// swallow the <c>:verb</c>. Identically shaped templates are one node; the
/// builder refuses two routes there for one HTTP method, so ties cannot happen.
/// </summary>
internal sealed class HttpRouteTree<T>
    where T : class
{
    private readonly Node _root = new();
    private readonly Dictionary<string, Node> _verbRoots = new(StringComparer.Ordinal);

    /// <summary>Adds a route; returns the route already there for this shape and method instead, if any.</summary>
    public T? Add(string httpMethod, HttpTemplate template, T route)
    {
        var routes = FindOrAddNode(template).Routes;
        foreach (var existing in routes)
        {
            if (existing.HttpMethod == httpMethod)
            {
                return existing.Route;
            }
        }

        routes.Add(new Entry(httpMethod, template, route));
        return null;
    }

    /// <summary>Puts a route in the place of the one already there for this shape and method.</summary>
    public void Replace(string httpMethod, HttpTemplate template, T route)
    {
        var routes = FindOrAddNode(template).Routes;
        var index = routes.FindIndex(e => e.HttpMethod == httpMethod);
        if (index < 0)
        {
            throw new InvalidOperationException($"No route '{httpMethod} {template}' to replace.");
        }

        routes[index] = new Entry(httpMethod, template, route);
    }

    public HttpRouteMatch<T> Match(HttpRequestPath path, string httpMethod)
    {
        var search = new Search(httpMethod);
        if (path.Verb is not null && _verbRoots.TryGetValue(path.Verb, out var verbRoot)
            && Visit(verbRoot, path.SegmentsBeforeVerb!, 0, ref search))
        {
            return new HttpRouteMatch<T>(search.Found!.Route, search.Found.Template, []);
        }

        if (Visit(_root, path.Segments, 0, ref search))
        {
            return new HttpRouteMatch<T>(search.Found!.Route, search.Found.Template, []);
        }

        return search.Allowed is null ? HttpRouteMatch<T>.None : new HttpRouteMatch<T>(null, null, search.Allowed);
    }

    private Node FindOrAddNode(HttpTemplate template)
    {
        Node node;
        if (template.Verb is null)
        {
            node = _root;
        }
        else if (!_verbRoots.TryGetValue(template.Verb, out node!))
        {
            node = new Node();
            _verbRoots.Add(template.Verb, node);
        }

        foreach (var segment in template.Segments)
        {
            node = segment.Kind switch
            {
                HttpTemplateSegmentKind.Literal => node.LiteralChild(segment.Literal!),
                HttpTemplateSegmentKind.Wildcard => node.Wildcard ??= new Node(),
                _ => node.CatchAll ??= new Node(),
            };
        }

        return node;
    }

    private static bool Visit(Node node, string[] segments, int index, ref Search search)
    {
        if (index == segments.Length)
        {
            return search.Consider(node.Routes);
        }

        var segment = segments[index];
        if (node.Literals is not null && node.Literals.TryGetValue(segment, out var literal)
            && Visit(literal, segments, index + 1, ref search))
        {
            return true;
        }

        if (segment.Length == 0)
        {
            return false;
        }

        if (node.Wildcard is not null && Visit(node.Wildcard, segments, index + 1, ref search))
        {
            return true;
        }

        // '**' is always last, so its node holds routes and no children; it needs every remaining segment non-empty.
        if (node.CatchAll is null)
        {
            return false;
        }

        for (var i = index + 1; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                return false;
            }
        }

        return search.Consider(node.CatchAll.Routes);
    }

    private sealed record Entry(string HttpMethod, HttpTemplate Template, T Route);

    private struct Search(string httpMethod)
    {
        public Entry? Found;
        public List<string>? Allowed;

        public bool Consider(List<Entry> routes)
        {
            foreach (var entry in routes)
            {
                if (entry.HttpMethod == httpMethod)
                {
                    Found = entry;
                    return true;
                }

                Allowed ??= [];
                if (!Allowed.Contains(entry.HttpMethod))
                {
                    Allowed.Add(entry.HttpMethod);
                }
            }

            return false;
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals;
        public Node? Wildcard;
        public Node? CatchAll;
        public readonly List<Entry> Routes = [];

        public Node LiteralChild(string literal)
        {
            Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!Literals.TryGetValue(literal, out var child))
            {
                child = new Node();
                Literals.Add(literal, child);
            }

            return child;
        }
    }
}
