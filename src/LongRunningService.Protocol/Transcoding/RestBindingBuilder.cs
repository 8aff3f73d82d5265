using Google.Api;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Turns methods' <c>google.api.http</c> annotations and service configs' HTTP
/// rules into the bindings served, once, at start-up. Google serves each API from its own
/// config, where a config's rules for a method replace the method's annotation;
/// this server answers for several APIs at once, so it serves the union: the
/// annotation's bindings (the API of the proto itself, e.g. <c>/v1/{name=operations/**}</c>),
/// then every config's, in file order. Identical bindings collapse (the v1 and
/// v1beta1 configs share their <c>/ui/</c> lists); where a config binds the
/// annotation's own shape and HTTP method differently, the config wins. Where two
/// methods bind the same requests (two APIs that Google serves on separate hosts),
/// an <see cref="IRestRouteArbiter"/> picks the one that answers. Anything
/// else that makes two bindings match the same requests (the same HTTP method
/// and template shape, which routing could not tell apart) stops start-up, as does
/// a template that does not parse or names an unknown field, or a selector no
/// served method answers to.
/// </summary>
internal sealed class RestBindingBuilder
{
    private const string AnnotationSource = "annotation";

    private readonly List<MethodDescriptor> _methods = [];
    private readonly Dictionary<string, List<(HttpRule Rule, string Source, string? Api)>> _configRules = new(StringComparer.Ordinal);
    private readonly List<ServiceConfigHttpRules> _configs = [];
    private readonly List<IRestRouteArbiter> _arbiters = [];
    private readonly List<RestSharedRoute> _shared = [];

    public void AddMethod(MethodDescriptor method) => _methods.Add(method);

    public void AddServiceConfig(ServiceConfigHttpRules config) => _configs.Add(config);

    public void AddArbiter(IRestRouteArbiter arbiter) => _arbiters.Add(arbiter);

    public RestBindings Build()
    {
        var served = new HashSet<string>(_methods.Select(m => m.FullName), StringComparer.Ordinal);
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

        var byShape = new Dictionary<(string HttpMethod, string Shape), RestBinding>();
        var routes = new List<RestBinding>();
        foreach (var method in _methods)
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { } annotation)
            {
                var host = method.Service.GetOptions()?.GetExtension(ClientExtensions.DefaultHost);
                string[] apis = string.IsNullOrEmpty(host) ? [] : [host];
                foreach (var binding in Flatten(annotation, AnnotationSource, method.FullName))
                {
                    Add(byShape, routes, CreateBinding(method, binding, AnnotationSource, apis));
                }
            }

            if (_configRules.TryGetValue(method.FullName, out var configBindings))
            {
                foreach (var (binding, source, api) in configBindings)
                {
                    Add(byShape, routes, CreateBinding(method, binding, source, api is null ? [] : [api]));
                }
            }
        }

        return new RestBindings(routes, _shared);
    }

    private void Add(Dictionary<(string, string), RestBinding> byShape, List<RestBinding> routes, RestBinding route)
    {
        var key = (route.HttpMethod, route.Template.Shape);
        if (!byShape.TryGetValue(key, out var existing))
        {
            byShape.Add(key, route);
            routes.Add(route);
            return;
        }

        if (existing.Method == route.Method && SameBinding(existing, route))
        {
            Put(byShape, routes, existing, existing.WithApisOf(route));
            return;
        }

        if (existing.Method == route.Method && existing.Source == AnnotationSource && route.Source != AnnotationSource)
        {
            Put(byShape, routes, existing, route.WithApisOf(existing));
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
                Put(byShape, routes, existing, route);
            }

            return;
        }

        throw new InvalidOperationException(
            $"HTTP binding '{route}' of {route.Method.FullName} (from {route.Source}) matches the same requests as "
            + $"'{existing}' of {existing.Method.FullName} (from {existing.Source}).");
    }

    private static void Put(Dictionary<(string, string), RestBinding> byShape, List<RestBinding> routes, RestBinding existing, RestBinding replacement)
    {
        byShape[(replacement.HttpMethod, replacement.Template.Shape)] = replacement;
        routes[routes.IndexOf(existing)] = replacement;
    }

    // The first arbiter with a say decides; an answer that is neither method is a bug in the arbiter.
    private MethodDescriptor? Arbitrate(RestBinding existing, RestBinding route)
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

    private static bool SameBinding(RestBinding a, RestBinding b) =>
        a.Rule.Body == b.Rule.Body
        && a.Rule.ResponseBody == b.Rule.ResponseBody
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

    private static RestBinding CreateBinding(
        MethodDescriptor method,
        HttpRule rule,
        string source,
        IReadOnlyList<string> apis)
    {
        var (httpMethod, path) = RestBinding.PatternOf(rule);

        try
        {
            if (httpMethod.Length == 0)
            {
                throw new FormatException("The rule names no HTTP method (one of get, put, post, delete, patch or custom).");
            }

            var template = HttpTemplateParser.Parse(path);
            foreach (var variable in template.Variables)
            {
                ResolveVariable(method.InputType, variable.FieldNames);
            }

            if (rule.Body is not ("" or "*") && method.InputType.FindFieldByName(rule.Body) is null)
            {
                throw new FormatException($"The body '{rule.Body}' is not a field of {method.InputType.FullName}.");
            }

            if (rule.ResponseBody.Length > 0 && method.OutputType.FindFieldByName(rule.ResponseBody) is null)
            {
                throw new FormatException($"The response_body '{rule.ResponseBody}' is not a field of {method.OutputType.FullName}.");
            }

            var single = rule.Clone();
            single.AdditionalBindings.Clear();
            single.Selector = string.Empty;
            return new RestBinding(method, httpMethod, template, single, source, apis);
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
