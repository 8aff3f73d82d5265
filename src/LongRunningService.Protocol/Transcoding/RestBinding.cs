using Google.Api;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// One HTTP binding of one method, as served: the rule (a single binding, its
/// additional bindings flattened out), its parsed template, where it came from,
/// and the APIs whose rules bind it.
/// </summary>
internal sealed record RestBinding(MethodDescriptor Method, string HttpMethod, HttpTemplate Template, HttpRule Rule, string Source, IReadOnlyList<string> Apis)
{
    /// <summary>
    /// The APIs whose rules bind this route (service names such as <c>aiplatform.googleapis.com</c>):
    /// the config's <c>name</c>, or the service's <c>google.api.default_host</c> for an annotation;
    /// several when identical bindings of several configs collapsed into this one.
    /// </summary>
    public RestBinding WithApisOf(RestBinding other) => this with { Apis = [.. Apis.Union(other.Apis, StringComparer.Ordinal)] };

    /// <summary>The HTTP method and path template of a rule; empty strings when it names none.</summary>
    public static (string HttpMethod, string Path) PatternOf(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
        HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
        HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
        HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
        HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind, rule.Custom.Path),
        _ => (string.Empty, string.Empty),
    };

    public override string ToString() => $"{HttpMethod} {Template.Text}";
}
