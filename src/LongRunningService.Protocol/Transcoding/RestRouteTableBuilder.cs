using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Turns methods' <c>google.api.http</c> annotations and service configs' HTTP
/// rules into routes, once, at start-up. Google serves each API from its own
/// config, where a config's rules for a method replace the method's annotation;
/// this server answers for several APIs at once, so it serves the union: the
/// annotation's bindings (the API of the proto itself, e.g. <c>/v1/{name=operations/**}</c>),
/// then every config's, in file order. Identical bindings collapse (the v1 and
/// v1beta1 configs share their <c>/ui/</c> lists); where a config binds the
/// annotation's own shape and HTTP method differently, the config wins. Where two
/// methods bind the same requests (two APIs that Google serves on separate hosts),
/// an <see cref="IRestRouteArbiter"/> picks the one that answers. Anything
/// else that makes two bindings match the same requests stops start-up, as does
/// a template that does not parse or names an unknown field, or a selector no
/// served method answers to.
/// </summary>
internal sealed class RestRouteTableBuilder
{
    private const string AnnotationSource = "annotation";

    private readonly List<(MethodDescriptor Method, Func<IMessage, ServerCallContext, Task<IMessage>>? Invoker)> _methods = [];
    private readonly Dictionary<string, List<(HttpRule Rule, string Source, string? Api)>> _configRules = new(StringComparer.Ordinal);
    private readonly List<ServiceConfigHttpRules> _configs = [];
    private readonly List<IRestRouteArbiter> _arbiters = [];
    private readonly List<RestSharedRoute> _shared = [];

    public void AddMethod(MethodDescriptor method, Func<IMessage, ServerCallContext, Task<IMessage>>? invoker) =>
        _methods.Add((method, invoker));

    public void AddServiceConfig(ServiceConfigHttpRules config) => _configs.Add(config);

    public void AddArbiter(IRestRouteArbiter arbiter) => _arbiters.Add(arbiter);

    public RestRouteTable Build()
    {
        var served = new HashSet<string>(_methods.Select(m => m.Method.FullName), StringComparer.Ordinal);
        foreach (var config in _configs)
        {
            foreach (var rule in config.Rules)
            {
                if (string.IsNullOrEmpty(rule.Selector))
                {
                    throw new InvalidOperationException($"Service config '{config.Source}' has an HTTP rule without a selector.");
                }

                if (!served.Contains(rule.Selector))
                {
                    throw new InvalidOperationException(
                        $"Service config '{config.Source}' has HTTP rules for '{rule.Selector}', which is not a method this server serves.");
                }

                if (!_configRules.TryGetValue(rule.Selector, out var list))
                {
                    list = [];
                    _configRules.Add(rule.Selector, list);
                }

                foreach (var binding in Flatten(rule, config.Source, rule.Selector))
                {
                    list.Add((binding, config.Source, config.Name));
                }
            }
        }

        var tree = new HttpRouteTree<RestRoute>();
        var routes = new List<RestRoute>();
        foreach (var (method, invoker) in _methods)
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { } annotation)
            {
                var host = method.Service.GetOptions()?.GetExtension(ClientExtensions.DefaultHost);
                string[] apis = string.IsNullOrEmpty(host) ? [] : [host];
                foreach (var binding in Flatten(annotation, AnnotationSource, method.FullName))
                {
                    Add(tree, routes, CreateRoute(method, invoker, binding, AnnotationSource, apis));
                }
            }

            if (_configRules.TryGetValue(method.FullName, out var configBindings))
            {
                foreach (var (binding, source, api) in configBindings)
                {
                    Add(tree, routes, CreateRoute(method, invoker, binding, source, api is null ? [] : [api]));
                }
            }
        }

        return new RestRouteTable(routes, tree, _shared);
    }

    private void Add(HttpRouteTree<RestRoute> tree, List<RestRoute> routes, RestRoute route)
    {
        var existing = tree.Add(route.HttpMethod, route.Template, route);
        if (existing is null)
        {
            routes.Add(route);
            return;
        }

        if (existing.Method == route.Method && SameBinding(existing, route))
        {
            Put(tree, routes, existing, existing.WithApisOf(route));
            return;
        }

        if (existing.Method == route.Method && existing.Source == AnnotationSource && route.Source != AnnotationSource)
        {
            Put(tree, routes, existing, route.WithApisOf(existing));
            return;
        }

        if (existing.Method != route.Method && Arbitrate(existing, route) is { } winner)
        {
            var loser = winner == route.Method ? existing.Method : route.Method;
            if (!_shared.Any(s => s.HttpMethod == route.HttpMethod && s.Template == route.Template.Text))
            {
                _shared.Add(new RestSharedRoute(route.HttpMethod, route.Template.Text, winner, loser));
            }

            if (winner == route.Method)
            {
                Put(tree, routes, existing, route);
            }

            return;
        }

        throw new InvalidOperationException(
            $"HTTP binding '{route}' of {route.Method.FullName} (from {route.Source}) matches the same requests as "
            + $"'{existing}' of {existing.Method.FullName} (from {existing.Source}).");
    }

    private static void Put(HttpRouteTree<RestRoute> tree, List<RestRoute> routes, RestRoute existing, RestRoute replacement)
    {
        tree.Replace(replacement.HttpMethod, replacement.Template, replacement);
        routes[routes.IndexOf(existing)] = replacement;
    }

    // The first arbiter with a say decides; an answer that is neither method is a bug in the arbiter.
    private MethodDescriptor? Arbitrate(RestRoute existing, RestRoute route)
    {
        foreach (var arbiter in _arbiters)
        {
            if (arbiter.Choose(route.HttpMethod, route.Template.Text, existing.Method, route.Method) is not { } winner)
            {
                continue;
            }

            if (winner != existing.Method && winner != route.Method)
            {
                throw new InvalidOperationException(
                    $"{arbiter.GetType().Name} chose {winner.FullName} for '{route}', which only {existing.Method.FullName} and {route.Method.FullName} bind.");
            }

            return winner;
        }

        return null;
    }

    private static bool SameBinding(RestRoute a, RestRoute b) =>
        a.BodyKind == b.BodyKind
        && a.BodyField == b.BodyField
        && a.ResponseBodyField == b.ResponseBodyField
        && a.Template.Variables.Select(v => (v.FieldPath, v.StartSegment, v.EndSegment))
            .SequenceEqual(b.Template.Variables.Select(v => (v.FieldPath, v.StartSegment, v.EndSegment)));

    // google/api/http.proto: additional_bindings nest one level only.
    private static IEnumerable<HttpRule> Flatten(HttpRule rule, string source, string selector)
    {
        yield return rule;
        foreach (var binding in rule.AdditionalBindings)
        {
            if (binding.AdditionalBindings.Count > 0)
            {
                throw new InvalidOperationException(
                    $"HTTP rules for {selector} (from {source}) nest additional_bindings inside an additional binding.");
            }

            yield return binding;
        }
    }

    private static RestRoute CreateRoute(
        MethodDescriptor method,
        Func<IMessage, ServerCallContext, Task<IMessage>>? invoker,
        HttpRule rule,
        string source,
        IReadOnlyList<string> apis)
    {
        var (httpMethod, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind, rule.Custom.Path),
            _ => (string.Empty, string.Empty),
        };

        try
        {
            if (httpMethod.Length == 0)
            {
                throw new FormatException("The rule names no HTTP method (one of get, put, post, delete, patch or custom).");
            }

            var template = HttpTemplateParser.Parse(path);
            var variableFields = template.Variables.Select(v => ResolveVariable(method.InputType, v.FieldNames)).ToArray();
            var (bodyKind, bodyField) = rule.Body switch
            {
                "" => (RestBodyKind.None, null),
                "*" => (RestBodyKind.Message, null),
                var name => (RestBodyKind.Field, method.InputType.FindFieldByName(name)
                    ?? throw new FormatException($"The body '{name}' is not a field of {method.InputType.FullName}.")),
            };
            var responseBodyField = rule.ResponseBody.Length == 0
                ? null
                : method.OutputType.FindFieldByName(rule.ResponseBody)
                    ?? throw new FormatException($"The response_body '{rule.ResponseBody}' is not a field of {method.OutputType.FullName}.");
            return new RestRoute(method, httpMethod, template, variableFields, bodyKind, bodyField, responseBodyField, invoker, source, apis);
        }
        catch (FormatException exception)
        {
            var binding = httpMethod.Length == 0 ? "an HTTP rule" : $"HTTP '{httpMethod} {path}'";
            throw new InvalidOperationException(
                $"Cannot bind {method.FullName} (service {method.Service.FullName}) to {binding} from {source}: {exception.Message}",
                exception);
        }
    }

    // A variable sets a singular scalar field, reached through singular message fields.
    private static FieldDescriptor[] ResolveVariable(MessageDescriptor input, IReadOnlyList<string> names)
    {
        var fields = new FieldDescriptor[names.Count];
        var type = input;
        for (var i = 0; i < names.Count; i++)
        {
            var field = type.FindFieldByName(names[i])
                ?? throw new FormatException($"'{names[i]}' is not a field of {type.FullName}.");
            if (field.IsRepeated || field.IsMap)
            {
                throw new FormatException($"Field '{field.FullName}' is repeated; a path variable binds a singular field.");
            }

            var isLast = i == names.Count - 1;
            var isMessage = field.FieldType is FieldType.Message or FieldType.Group;
            if (isLast && isMessage)
            {
                throw new FormatException($"Field '{field.FullName}' is a message; a path variable binds a scalar field.");
            }

            if (!isLast && !isMessage)
            {
                throw new FormatException($"Field '{field.FullName}' is not a message, so '{string.Join('.', names)}' cannot go through it.");
            }

            fields[i] = field;
            if (!isLast)
            {
                type = field.MessageType;
            }
        }

        return fields;
    }
}
