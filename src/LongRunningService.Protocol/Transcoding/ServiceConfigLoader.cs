using Google.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Reads the <c>http.rules</c> of a service config in Google's
/// <c>google.api.Service</c> YAML shape (as in googleapis'
/// <c>aiplatform_v1.yaml</c>). Other sections of the file are skipped, so
/// Google's own files load; inside a rule every key must be one HttpRule has.
/// </summary>
internal static class ServiceConfigLoader
{
    private static readonly HashSet<string> PatternKeys = new(StringComparer.Ordinal) { "get", "put", "post", "delete", "patch", "custom" };

    public static ServiceConfigHttpRules Load(string path)
    {
        using var reader = File.OpenText(path);
        return Load(reader, path);
    }

    public static ServiceConfigHttpRules Load(TextReader reader, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            throw new InvalidOperationException($"Service config '{source}' is not valid YAML: {exception.Message}", exception);
        }

        var rules = new List<HttpRule>();
        if (stream.Documents.Count == 0)
        {
            return new ServiceConfigHttpRules(source, rules);
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Invalid(source, stream.Documents[0].RootNode, "the document must be a mapping");
        var name = Child(root, "name") is { } nameNode ? Scalar(source, nameNode, "name") : null;
        if (Child(root, "http") is not { } http)
        {
            return new ServiceConfigHttpRules(source, rules, name);
        }

        var httpMapping = http as YamlMappingNode ?? throw Invalid(source, http, "'http' must be a mapping");
        if (Child(httpMapping, "rules") is not { } ruleList)
        {
            return new ServiceConfigHttpRules(source, rules, name);
        }

        var sequence = ruleList as YamlSequenceNode ?? throw Invalid(source, ruleList, "'http.rules' must be a list");
        foreach (var item in sequence)
        {
            var rule = ReadRule(source, item, topLevel: true);
            rules.Add(rule);
        }

        return new ServiceConfigHttpRules(source, rules, name);
    }

    private static HttpRule ReadRule(string source, YamlNode node, bool topLevel)
    {
        var mapping = node as YamlMappingNode ?? throw Invalid(source, node, "an HTTP rule must be a mapping");
        if (CountPatterns(mapping) > 1)
        {
            throw Invalid(source, node, "an HTTP rule takes only one of get, put, post, delete, patch and custom");
        }

        var rule = new HttpRule();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "selector" when topLevel:
                    rule.Selector = Scalar(source, valueNode, key);
                    break;
                case "get":
                    rule.Get = Scalar(source, valueNode, key);
                    break;
                case "put":
                    rule.Put = Scalar(source, valueNode, key);
                    break;
                case "post":
                    rule.Post = Scalar(source, valueNode, key);
                    break;
                case "delete":
                    rule.Delete = Scalar(source, valueNode, key);
                    break;
                case "patch":
                    rule.Patch = Scalar(source, valueNode, key);
                    break;
                case "custom":
                    rule.Custom = ReadCustom(source, valueNode);
                    break;
                case "body":
                    rule.Body = Scalar(source, valueNode, key);
                    break;
                case "response_body" or "responseBody":
                    rule.ResponseBody = Scalar(source, valueNode, key);
                    break;
                case "additional_bindings" or "additionalBindings" when topLevel:
                    var bindings = valueNode as YamlSequenceNode ?? throw Invalid(source, valueNode, "'additional_bindings' must be a list");
                    foreach (var binding in bindings)
                    {
                        rule.AdditionalBindings.Add(ReadRule(source, binding, topLevel: false));
                    }

                    break;
                case "selector" or "additional_bindings" or "additionalBindings":
                    // google/api/http.proto: additional bindings carry neither a selector nor bindings of their own.
                    throw Invalid(source, keyNode, $"an additional binding may not have '{key}'");
                default:
                    throw Invalid(source, keyNode, $"unknown HTTP rule key '{key}'");
            }
        }

        return rule;
    }

    private static CustomHttpPattern ReadCustom(string source, YamlNode node)
    {
        var mapping = node as YamlMappingNode ?? throw Invalid(source, node, "'custom' must be a mapping with 'kind' and 'path'");
        var pattern = new CustomHttpPattern();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            switch (key)
            {
                case "kind":
                    pattern.Kind = Scalar(source, valueNode, key);
                    break;
                case "path":
                    pattern.Path = Scalar(source, valueNode, key);
                    break;
                default:
                    throw Invalid(source, keyNode, $"unknown custom pattern key '{key}'");
            }
        }

        return pattern;
    }

    private static int CountPatterns(YamlMappingNode mapping) =>
        mapping.Children.Keys.Count(k => k is YamlScalarNode { Value: { } value } && PatternKeys.Contains(value));

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string Scalar(string source, YamlNode node, string key) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Invalid(source, node, $"'{key}' must be a string");

    private static InvalidOperationException Invalid(string source, YamlNode node, string problem) =>
        new($"Service config '{source}' line {node.Start.Line}: {problem}.");
}
