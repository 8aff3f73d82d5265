using Google.Api;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class ServiceConfigLoaderTests
{
    [Fact]
    public void Load_GoogleServiceConfig_ReadsHttpRulesInOrderAndSkipsOtherSections()
    {
        const string yaml = """
            type: google.api.Service
            config_version: 3
            name: example.googleapis.com
            documentation:
              summary: Skipped.
            http:
              rules:
              - selector: google.longrunning.Operations.GetOperation
                get: '/ui/{name=projects/*/operations/*}'
                additional_bindings:
                - get: '/v1/{name=projects/*/operations/*}'
                - custom:
                    kind: HEAD
                    path: '/v2/{name=projects/*/operations/*}'
              - selector: google.longrunning.Operations.CancelOperation
                post: '/v1/{name=projects/*/operations/*}:cancel'
                body: '*'
                response_body: ''
            """;

        var config = ServiceConfigLoader.Load(new StringReader(yaml), "example.yaml");

        Assert.Equal("example.yaml", config.Source);
        Assert.Equal("example.googleapis.com", config.Name);
        Assert.Collection(
            config.Rules,
            get =>
            {
                Assert.Equal("google.longrunning.Operations.GetOperation", get.Selector);
                Assert.Equal("/ui/{name=projects/*/operations/*}", get.Get);
                Assert.Collection(
                    get.AdditionalBindings,
                    first => Assert.Equal("/v1/{name=projects/*/operations/*}", first.Get),
                    second => Assert.Equal(new CustomHttpPattern { Kind = "HEAD", Path = "/v2/{name=projects/*/operations/*}" }, second.Custom));
            },
            cancel =>
            {
                Assert.Equal("/v1/{name=projects/*/operations/*}:cancel", cancel.Post);
                Assert.Equal("*", cancel.Body);
                Assert.Empty(cancel.AdditionalBindings);
            });
    }

    [Theory]
    [InlineData("name: x\n", "x")]
    [InlineData("http: {}\n", null)]
    [InlineData("", null)]
    public void Load_NoHttpRules_ReturnsNoneAndTheNameIfAny(string yaml, string? name)
    {
        var config = ServiceConfigLoader.Load(new StringReader(yaml), "empty.yaml");

        Assert.Empty(config.Rules);
        Assert.Equal(name, config.Name);
    }

    [Theory]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    get: /x\n    verb: GET\n", "Service config 'bad.yaml' line 5: unknown HTTP rule key 'verb'.")]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    get: /x\n    post: /y\n", "Service config 'bad.yaml' line 3: an HTTP rule takes only one of get, put, post, delete, patch and custom.")]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    get: /x\n    additional_bindings:\n    - get: /y\n      additional_bindings: []\n", "Service config 'bad.yaml' line 7: an additional binding may not have 'additional_bindings'.")]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    get: /x\n    additional_bindings:\n    - selector: a.B.D\n      get: /y\n", "Service config 'bad.yaml' line 6: an additional binding may not have 'selector'.")]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    get: [/x]\n", "Service config 'bad.yaml' line 4: 'get' must be a string.")]
    [InlineData("http:\n  rules:\n  - selector: a.B.C\n    custom: {kind: HEAD, path: /x, body: y}\n", "Service config 'bad.yaml' line 4: unknown custom pattern key 'body'.")]
    [InlineData("http:\n  rules: {selector: a.B.C}\n", "Service config 'bad.yaml' line 2: 'http.rules' must be a list.")]
    [InlineData("http: [1]\n", "Service config 'bad.yaml' line 1: 'http' must be a mapping.")]
    [InlineData("- 1\n", "Service config 'bad.yaml' line 1: the document must be a mapping.")]
    public void Load_MalformedRules_ThrowsNamingFileAndLine(string yaml, string message)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ServiceConfigLoader.Load(new StringReader(yaml), "bad.yaml"));

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Load_InvalidYaml_ThrowsNamingFile()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ServiceConfigLoader.Load(new StringReader("http: [unclosed\n"), "broken.yaml"));

        Assert.StartsWith("Service config 'broken.yaml' is not valid YAML: ", exception.Message);
    }

    [Theory]
    [InlineData("aiplatform_v1.yaml", "aiplatform.googleapis.com", 5, 489)]
    [InlineData("aiplatform_v1beta1.yaml", "aiplatform.googleapis.com", 5, 547)]
    [InlineData("cloudoptimization_v1.yaml", "cloudoptimization.googleapis.com", 2, 4)]
    [InlineData("routeoptimization_v1.yaml", "routeoptimization.googleapis.com", 2, 4)]
    public void Load_ShippedConfig_HasGooglesOperationsBindings(string file, string name, int rules, int bindings)
    {
        var config = ServiceConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, ServiceConfigFiles.DefaultFolder, file));

        Assert.Equal(name, config.Name);
        Assert.Equal(rules, config.Rules.Count);
        Assert.Equal(bindings, config.Rules.Sum(r => 1 + r.AdditionalBindings.Count));
        Assert.All(config.Rules, r => Assert.StartsWith("google.longrunning.Operations.", r.Selector));
    }

    [Fact]
    public void Load_VertexConfig_PutsTheUiBindingsFirst()
    {
        var config = ServiceConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, ServiceConfigFiles.DefaultFolder, "aiplatform_v1.yaml"));

        var get = Assert.Single(config.Rules, r => r.Selector == "google.longrunning.Operations.GetOperation");
        Assert.Equal("/ui/{name=projects/*/locations/*/operations/*}", get.Get);
        Assert.Equal(101, 1 + get.AdditionalBindings.Count);
        Assert.Equal(52, get.AdditionalBindings.Prepend(get).TakeWhile(b => b.Get.StartsWith("/ui/", StringComparison.Ordinal)).Count());
    }
}
