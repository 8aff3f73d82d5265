using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class HttpRouteTreeTests
{
    // Registered in this order; the route's value is its own "METHOD template" text.
    private static readonly (string Method, string Template)[] Routes =
    [
        ("GET", "/v1/{name=operations}"),
        ("GET", "/v1/{name=operations/**}"),
        ("DELETE", "/v1/{name=operations/**}"),
        ("POST", "/v1/{name=operations/**}:cancel"),
        ("GET", "/ui/{name=projects/*/locations/*/operations/*}"),
        ("POST", "/ui/{name=projects/*/locations/*/operations/*}:cancel"),
        ("POST", "/ui/{name=projects/*/locations/*/operations/*}:wait"),
        ("GET", "/ui/{name=projects/*/locations/*}/operations"),
        ("GET", "/ui/{name=projects/*/locations/*/pipelineJobs/*/operations/*}"),
        ("GET", "/v2/{name=*/special}"),
        ("GET", "/v2/{name=**}"),
        ("GET", "/v2/{parent=*}/{child=*}"),
        ("GET", "/v2/exact/{child=*}"),
        ("GET", "/v3/{a=*}/{b=**}"),
        ("POST", "/emulator/v1/operations:start"),
    ];

    [Theory]
    // Literal, '*' and '**' matches, with the variable values they yield.
    [InlineData("GET", "/v1/operations", "GET /v1/{name=operations}", "operations")]
    [InlineData("GET", "/v1/operations/42", "GET /v1/{name=operations/**}", "operations/42")]
    [InlineData("GET", "/v1/operations/a/b/c", "GET /v1/{name=operations/**}", "operations/a/b/c")]
    [InlineData("DELETE", "/v1/operations/42", "DELETE /v1/{name=operations/**}", "operations/42")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations/42", "GET /ui/{name=projects/*/locations/*/operations/*}", "projects/p/locations/l/operations/42")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations", "GET /ui/{name=projects/*/locations/*}/operations", "projects/p/locations/l")]
    [InlineData("GET", "/ui/projects/p/locations/l/pipelineJobs/j/operations/7", "GET /ui/{name=projects/*/locations/*/pipelineJobs/*/operations/*}", "projects/p/locations/l/pipelineJobs/j/operations/7")]
    // The verb belongs to the last segment, '**' included; a ':' earlier in the path is data.
    [InlineData("POST", "/v1/operations/42:cancel", "POST /v1/{name=operations/**}:cancel", "operations/42")]
    [InlineData("POST", "/v1/operations/a:b/c:cancel", "POST /v1/{name=operations/**}:cancel", "operations/a:b/c")]
    [InlineData("POST", "/v1/operations/a:b:cancel", "POST /v1/{name=operations/**}:cancel", "operations/a:b")]
    [InlineData("POST", "/ui/projects/p/locations/l/operations/42:wait", "POST /ui/{name=projects/*/locations/*/operations/*}:wait", "projects/p/locations/l/operations/42")]
    [InlineData("POST", "/emulator/v1/operations:start", "POST /emulator/v1/operations:start", "")]
    // A verb no template has is part of the value for a template without one.
    [InlineData("GET", "/v1/operations/42:cancel", "GET /v1/{name=operations/**}", "operations/42:cancel")]
    [InlineData("GET", "/v1/operations/42:unknown", "GET /v1/{name=operations/**}", "operations/42:unknown")]
    // Escapes: decoded per segment after splitting, %2F staying within its segment; a single-segment
    // variable decodes it to '/', a multi-segment one keeps it as sent (google/api/http.proto).
    [InlineData("GET", "/v2/a%2Fb/c", "GET /v2/{parent=*}/{child=*}", "a/b|c")]
    [InlineData("GET", "/v1/operations/a%2Fb", "GET /v1/{name=operations/**}", "operations/a%2Fb")]
    [InlineData("GET", "/v1/operations/a%2fb/c%20d", "GET /v1/{name=operations/**}", "operations/a%2fb/c d")]
    [InlineData("GET", "/ui/projects/p%2Fq/locations/l/operations/42", "GET /ui/{name=projects/*/locations/*/operations/*}", "projects/p%2Fq/locations/l/operations/42")]
    [InlineData("GET", "/v1/%6Fperations/x", "GET /v1/{name=operations/**}", "operations/x")]
    [InlineData("GET", "/v1/operations/%C3%A9t%C3%A9", "GET /v1/{name=operations/**}", "operations/été")]
    [InlineData("POST", "/v1/operations/42%3Acancel:cancel", "POST /v1/{name=operations/**}:cancel", "operations/42:cancel")]
    [InlineData("GET", "/v1/operations/42%3Acancel", "GET /v1/{name=operations/**}", "operations/42:cancel")]
    // Specificity, segment by segment from the left: literal beats '*', '*' beats '**'.
    [InlineData("GET", "/v2/x/special", "GET /v2/{name=*/special}", "x/special")]
    [InlineData("GET", "/v2/exact/y", "GET /v2/exact/{child=*}", "y")]
    [InlineData("GET", "/v2/x/y", "GET /v2/{parent=*}/{child=*}", "x|y")]
    [InlineData("GET", "/v2/x", "GET /v2/{name=**}", "x")]
    [InlineData("GET", "/v2/x/y/z", "GET /v2/{name=**}", "x/y/z")]
    [InlineData("GET", "/v3/a/b/c", "GET /v3/{a=*}/{b=**}", "a|b/c")]
    public void Match_Path_FindsMostSpecificRouteAndItsValues(string method, string path, string expectedRoute, string expectedValues)
    {
        var tree = BuildTree();
        var parsed = HttpRequestPath.Parse(path)!;

        var match = tree.Match(parsed, method);

        Assert.Equal(expectedRoute, match.Route);
        Assert.Equal(expectedValues, string.Join("|", match.Template!.ReadVariables(parsed)));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    [InlineData("/v1/operations/")]
    [InlineData("/v1/operations//x")]
    [InlineData("/v1/operationsx")]
    [InlineData("/V1/operations")]
    [InlineData("/ui/projects/p/locations/l/operations/42/extra")]
    [InlineData("/ui/projects//locations/l/operations/42")]
    [InlineData("/v3/a")]
    [InlineData("/nothing/here")]
    public void Match_PathNoTemplateMatches_FindsNothing(string path)
    {
        var tree = BuildTree();

        var match = tree.Match(HttpRequestPath.Parse(path)!, "GET");

        Assert.Null(match.Route);
        Assert.Empty(match.AllowedMethods);
        Assert.False(match.IsMethodNotAllowed);
    }

    [Theory]
    [InlineData("PUT", "/v1/operations/42", "GET,DELETE")]
    [InlineData("GET", "/emulator/v1/operations:start", "POST")]
    [InlineData("DELETE", "/ui/projects/p/locations/l/operations/42:cancel", "POST,GET")]
    [InlineData("PATCH", "/v1/operations/42:cancel", "POST,GET,DELETE")]
    [InlineData("POST", "/v1/operations", "GET")]
    public void Match_PathMatchedUnderOtherMethods_ListsThem(string method, string path, string allowed)
    {
        var tree = BuildTree();

        var match = tree.Match(HttpRequestPath.Parse(path)!, method);

        Assert.Null(match.Route);
        Assert.True(match.IsMethodNotAllowed);
        Assert.Equal(allowed, string.Join(",", match.AllowedMethods));
    }

    [Fact]
    public void Add_SameShapeAndMethod_ReturnsTheRouteAlreadyThere()
    {
        var tree = new HttpRouteTree<string>();
        tree.Add("GET", HttpTemplateParser.Parse("/v1/{name=operations/*}"), "first");

        var existing = tree.Add("GET", HttpTemplateParser.Parse("/v1/{id=operations/*}"), "second");
        var otherMethod = tree.Add("DELETE", HttpTemplateParser.Parse("/v1/{id=operations/*}"), "third");

        Assert.Equal("first", existing);
        Assert.Null(otherMethod);
    }

    [Fact]
    public void Replace_ExistingRoute_MatchesTheNewOne()
    {
        var tree = new HttpRouteTree<string>();
        tree.Add("GET", HttpTemplateParser.Parse("/v1/{name=operations/*}"), "first");

        tree.Replace("GET", HttpTemplateParser.Parse("/v1/{id=operations/*}"), "second");

        Assert.Equal("second", tree.Match(HttpRequestPath.Parse("/v1/operations/1")!, "GET").Route);
    }

    [Theory]
    [InlineData("/v1/a%2Fb:cancel", "v1|a/b:cancel", "v1|a/b", "cancel")]
    [InlineData("/v1/a:b:c", "v1|a:b:c", "v1|a:b", "c")]
    [InlineData("/v1/a", "v1|a", null, null)]
    [InlineData("/a:b/c", "a:b|c", null, null)]
    [InlineData("/v1/x%3Ay", "v1|x:y", null, null)]
    [InlineData("/v1/a+b", "v1|a+b", null, null)]
    public void Parse_RequestPath_SplitsThenDecodesAndCutsTheVerb(string path, string segments, string? beforeVerb, string? verb)
    {
        var parsed = HttpRequestPath.Parse(path)!;

        Assert.Equal(segments, string.Join("|", parsed.Segments));
        Assert.Equal(beforeVerb, parsed.SegmentsBeforeVerb is null ? null : string.Join("|", parsed.SegmentsBeforeVerb));
        Assert.Equal(verb, parsed.Verb);
    }

    [Fact]
    public void Parse_RequestPathWithoutLeadingSlash_ReturnsNull()
    {
        Assert.Null(HttpRequestPath.Parse("v1/operations"));
    }

    private static HttpRouteTree<string> BuildTree()
    {
        var tree = new HttpRouteTree<string>();
        foreach (var (method, template) in Routes)
        {
            Assert.Null(tree.Add(method, HttpTemplateParser.Parse(template), $"{method} {template}"));
        }

        return tree;
    }
}
