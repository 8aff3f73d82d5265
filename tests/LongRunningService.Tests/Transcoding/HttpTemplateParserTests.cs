using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class HttpTemplateParserTests
{
    /// <summary>
    /// Template, its shape (variables erased), its variables as field[start,end) ("+" when ending in **), its verb.
    /// One row per structure of the Operations bindings in config/, then the proto annotations' own templates
    /// and other forms of the grammar.
    /// </summary>
    public static readonly TheoryData<string, string, string, string?> ValidTemplates = new()
    {
        // config/*.yaml, by structure ("L" = any literal):
        // /L/{name=L/*/L/*/L/*}
        { "/ui/{name=projects/*/locations/*/operations/*}", "/ui/projects/*/locations/*/operations/*", "name[1,7)", null },
        // /L/{name=L/*/L/*/L/*}:L
        { "/ui/{name=projects/*/locations/*/operations/*}:cancel", "/ui/projects/*/locations/*/operations/*:cancel", "name[1,7)", "cancel" },
        // /L/{name=L/*/L/*/L/*/L/*} and :L
        { "/v1/{name=projects/*/locations/*/pipelineJobs/*/operations/*}", "/v1/projects/*/locations/*/pipelineJobs/*/operations/*", "name[1,9)", null },
        { "/v1beta1/{name=projects/*/locations/*/agents/*/operations/*}:wait", "/v1beta1/projects/*/locations/*/agents/*/operations/*:wait", "name[1,9)", "wait" },
        // /L/{name=L/*/L/*/L/*/L/*/L/*} and :L
        { "/ui/{name=projects/*/locations/*/datasets/*/dataItems/*/operations/*}", "/ui/projects/*/locations/*/datasets/*/dataItems/*/operations/*", "name[1,11)", null },
        { "/ui/{name=projects/*/locations/*/featureOnlineStores/*/featureViews/*/operations/*}:wait", "/ui/projects/*/locations/*/featureOnlineStores/*/featureViews/*/operations/*:wait", "name[1,11)", "wait" },
        // /L/{name=L/*/L/*/L/*/L/*/L/*/L/*} and :L
        { "/v1/{name=projects/*/locations/*/datasets/*/dataItems/*/annotations/*/operations/*}", "/v1/projects/*/locations/*/datasets/*/dataItems/*/annotations/*/operations/*", "name[1,13)", null },
        { "/v1/{name=projects/*/locations/*/datasets/*/dataItems/*/annotations/*/operations/*}:cancel", "/v1/projects/*/locations/*/datasets/*/dataItems/*/annotations/*/operations/*:cancel", "name[1,13)", "cancel" },
        // /L/{name=L/*/L/*/L/*/L/*/L/*/L/*/L/*} and :L
        { "/ui/{name=projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*/operations/*}", "/ui/projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*/operations/*", "name[1,15)", null },
        { "/ui/{name=projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*/operations/*}:wait", "/ui/projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*/operations/*:wait", "name[1,15)", "wait" },
        // /L/{name=L/*/L/*/L/L/*} and :L (a singleton parent)
        { "/v1/{name=projects/*/locations/*/ragEngineConfig/operations/*}", "/v1/projects/*/locations/*/ragEngineConfig/operations/*", "name[1,8)", null },
        { "/v1/{name=projects/*/locations/*/ragEngineConfig/operations/*}:cancel", "/v1/projects/*/locations/*/ragEngineConfig/operations/*:cancel", "name[1,8)", "cancel" },
        // /L/{name=L/*/L/*}/L ... up to seven parent pairs, and the singleton: the List bindings
        { "/ui/{name=projects/*/locations/*}/operations", "/ui/projects/*/locations/*/operations", "name[1,5)", null },
        { "/ui/{name=projects/*/locations/*/agents/*}/operations", "/ui/projects/*/locations/*/agents/*/operations", "name[1,7)", null },
        { "/v1/{name=projects/*/locations/*/datasets/*/dataItems/*}/operations", "/v1/projects/*/locations/*/datasets/*/dataItems/*/operations", "name[1,9)", null },
        { "/v1/{name=projects/*/locations/*/datasets/*/dataItems/*/annotations/*}/operations", "/v1/projects/*/locations/*/datasets/*/dataItems/*/annotations/*/operations", "name[1,11)", null },
        { "/v1/{name=projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*}/operations", "/v1/projects/*/locations/*/tensorboards/*/experiments/*/runs/*/timeSeries/*/operations", "name[1,13)", null },
        { "/v1/{name=projects/*/locations/*/ragEngineConfig}/operations", "/v1/projects/*/locations/*/ragEngineConfig/operations", "name[1,6)", null },
        // /L/{name=L/*/L/*}, its :L, and /L/{name=L/*}/L: parents without a project, and Optimization's
        { "/v1beta1/{name=onlineEvaluators/*/operations/*}", "/v1beta1/onlineEvaluators/*/operations/*", "name[1,5)", null },
        { "/v1beta1/{name=onlineEvaluators/*/operations/*}:cancel", "/v1beta1/onlineEvaluators/*/operations/*:cancel", "name[1,5)", "cancel" },
        { "/v1/{name=projects/*/operations/*}", "/v1/projects/*/operations/*", "name[1,5)", null },
        { "/v1/{name=projects/*/operations/*}:cancel", "/v1/projects/*/operations/*:cancel", "name[1,5)", "cancel" },
        { "/v1beta1/{name=onlineEvaluators/*}/operations", "/v1beta1/onlineEvaluators/*/operations", "name[1,3)", null },

        // google/longrunning/operations.proto and the emulator's annotations.
        { "/v1/{name=operations}", "/v1/operations", "name[1,2)", null },
        { "/v1/{name=operations/**}", "/v1/operations/**", "name[1,3)+", null },
        { "/v1/{name=operations/**}:cancel", "/v1/operations/**:cancel", "name[1,3)+", "cancel" },
        { "/emulator/v1/operations:start", "/emulator/v1/operations:start", "", "start" },

        // Other forms of the grammar.
        { "/v1/{name}", "/v1/*", "name[1,2)", null },
        { "/v1/{name=*}", "/v1/*", "name[1,2)", null },
        { "/v1/{name=**}", "/v1/**", "name[1,2)+", null },
        { "/v1/**", "/v1/**", "", null },
        { "/v1/*/items/*:batchGet", "/v1/*/items/*:batchGet", "", "batchGet" },
        { "/v1/{model_deployment_monitoring_job.name=projects/*/locations/*/modelDeploymentMonitoringJobs/*}", "/v1/projects/*/locations/*/modelDeploymentMonitoringJobs/*", "model_deployment_monitoring_job.name[1,7)", null },
        { "/v1/{parent=projects/*}:optimizeTours", "/v1/projects/*:optimizeTours", "parent[1,3)", "optimizeTours" },
        { "/v1/shelves/{shelf}/books/{book.id}", "/v1/shelves/*/books/*", "shelf[2,3);book.id[4,5)", null },
        { "/v1/{_a.b_2=x}/{c}", "/v1/x/*", "_a.b_2[1,2);c[2,3)", null },
        { "/v1/a-b.c~d_e", "/v1/a-b.c~d_e", "", null },
    };

    [Theory]
    [MemberData(nameof(ValidTemplates))]
    public void Parse_ValidTemplate_ReturnsSegmentsVariablesAndVerb(string text, string shape, string variables, string? verb)
    {
        var template = HttpTemplateParser.Parse(text);

        Assert.Equal(text, template.Text);
        Assert.Equal(shape, template.Shape);
        Assert.Equal(variables, Describe(template.Variables));
        Assert.Equal(verb, template.Verb);
    }

    [Fact]
    public void Parse_NestedFieldPath_SplitsItsNames()
    {
        var template = HttpTemplateParser.Parse("/v1/{model_deployment_monitoring_job.name=projects/*}");

        var variable = Assert.Single(template.Variables);
        Assert.Equal(["model_deployment_monitoring_job", "name"], variable.FieldNames);
        Assert.True(variable.IsMultiSegment);
    }

    [Theory]
    [InlineData("/v1/{name}", false)]
    [InlineData("/v1/{name=*}", false)]
    [InlineData("/v1/{name=**}", true)]
    [InlineData("/v1/{name=operations/*}", true)]
    public void Parse_Variable_KnowsWhetherItSpansSegments(string text, bool multiSegment)
    {
        var template = HttpTemplateParser.Parse(text);

        Assert.Equal(multiSegment, Assert.Single(template.Variables).IsMultiSegment);
    }

    [Fact]
    public void Parse_EveryConfigTemplate_HasAStructureInTheTable()
    {
        var tableStructures = ValidTemplates.Select(row => Structure(HttpTemplateParser.Parse((string)row[0]))).ToHashSet();
        var configs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.yaml");
        var templates = configs
            .SelectMany(file => ServiceConfigLoader.Load(file).Rules)
            .SelectMany(rule => rule.AdditionalBindings.Prepend(rule))
            .Select(rule => rule.Get + rule.Post + rule.Delete)
            .Distinct()
            .ToList();

        Assert.Equal(4, configs.Length);
        Assert.Equal(620, templates.Count);
        var missing = templates.Where(t => !tableStructures.Contains(Structure(HttpTemplateParser.Parse(t)))).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("", "A path template must start with '/'.")]
    [InlineData("v1/operations", "A path template must start with '/'.")]
    [InlineData("/", "Empty segment at position 1.")]
    [InlineData("/v1//operations", "Empty segment at position 4.")]
    [InlineData("/v1/operations/", "Empty segment at position 15.")]
    [InlineData("/v1/{name=}", "Empty segment at position 10.")]
    [InlineData("/v1/{name", "Variable 'name' is missing its closing '}'.")]
    [InlineData("/v1/{name=operations/*", "Variable 'name' is missing its closing '}'.")]
    [InlineData("/v1/{name=a/{id}}", "Variable can't be nested.")]
    [InlineData("/v1/**/operations", "'**' must be the last segment.")]
    [InlineData("/v1/{name=**}/operations", "'**' must be the last segment.")]
    [InlineData("/v1/{name=a/**/b}", "'**' must be the last segment.")]
    [InlineData("/v1/{}", "Variable at position 4 has no field path.")]
    [InlineData("/v1/{=operations}", "Variable at position 4 has no field path.")]
    [InlineData("/v1/{a..b}", "Field path 'a..b' is not valid.")]
    [InlineData("/v1/{name.}", "Field path 'name.' is not valid.")]
    [InlineData("/v1/{1name}", "Field path '1name' is not valid.")]
    [InlineData("/v1/{na-me}", "Unexpected '-' in variable 'na' at position 7.")]
    [InlineData("/v1/{name=a:b}", "Unexpected ':' in variable 'name' at position 11.")]
    [InlineData("/v1/{name}/{name}", "Field 'name' is bound more than once.")]
    [InlineData("/v1/x{name}", "A variable must be a whole segment.")]
    [InlineData("/v1/{name}x", "A variable must be a whole segment.")]
    [InlineData("/v1/{a}{b}", "A variable must be a whole segment.")]
    [InlineData("/v1/a*", "'*' must be a whole segment.")]
    [InlineData("/v1/*a", "'*' must be a whole segment.")]
    [InlineData("/v1/***", "'*' must be a whole segment.")]
    [InlineData("/v1/a}", "Unexpected '}' at position 5.")]
    [InlineData("/v1/a=b", "Unexpected '=' at position 5.")]
    [InlineData("/v1/operations:", "The verb after ':' is empty.")]
    [InlineData("/v1/{name}:", "The verb after ':' is empty.")]
    [InlineData("/v1/a:b/c", "The verb must be the last part of the template.")]
    [InlineData("/v1/a:b:c", "The verb must be the last part of the template.")]
    [InlineData("/v1/a b", "Character ' ' at position 5 is not allowed in a path template.")]
    [InlineData("/v1/a?b", "Character '?' at position 5 is not allowed in a path template.")]
    [InlineData("/v1/a%2Fb", "Character '%' at position 5 is not allowed in a path template.")]
    public void Parse_MalformedTemplate_ThrowsWithExactMessage(string text, string message)
    {
        var exception = Assert.Throws<FormatException>(() => HttpTemplateParser.Parse(text));

        Assert.Equal(message, exception.Message);
    }

    private static string Describe(IEnumerable<HttpTemplateVariable> variables) =>
        string.Join(";", variables.Select(v => $"{v.FieldPath}[{v.StartSegment},{v.EndSegment}){(v.EndsWithCatchAll ? "+" : string.Empty)}"));

    // The template with every literal replaced by "L", keeping variables and verb: its structure.
    private static string Structure(HttpTemplate template)
    {
        var parts = new List<string>();
        for (var i = 0; i < template.Segments.Count; i++)
        {
            var segment = template.Segments[i].Kind == HttpTemplateSegmentKind.Literal ? "L" : template.Segments[i].ToString();
            foreach (var variable in template.Variables.Where(v => v.StartSegment == i))
            {
                segment = "{" + variable.FieldPath + "=" + segment;
            }

            foreach (var variable in template.Variables.Where(v => v.EndSegment == i + 1))
            {
                segment += "}";
            }

            parts.Add(segment);
        }

        return "/" + string.Join('/', parts) + (template.Verb is null ? string.Empty : ":L");
    }
}
