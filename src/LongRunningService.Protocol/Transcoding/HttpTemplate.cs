namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// A parsed HttpRule path template such as <c>/v1/{name=operations/**}:cancel</c>:
/// its segments, the variables laid over them and the optional verb. Immutable;
/// parsed once at start-up by <see cref="HttpTemplateParser"/>.
/// </summary>
internal sealed class HttpTemplate
{
    public HttpTemplate(string text, IReadOnlyList<HttpTemplateSegment> segments, IReadOnlyList<HttpTemplateVariable> variables, string? verb)
    {
        Text = text;
        Segments = segments;
        Variables = variables;
        Verb = verb;
        EndsWithCatchAll = segments[^1].Kind == HttpTemplateSegmentKind.CatchAll;
        Shape = "/" + string.Join('/', segments) + (verb is null ? string.Empty : ":" + verb);
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    public IReadOnlyList<HttpTemplateSegment> Segments { get; }

    public IReadOnlyList<HttpTemplateVariable> Variables { get; }

    /// <summary>The custom verb after the last segment (<c>cancel</c> in <c>…:cancel</c>), or null.</summary>
    public string? Verb { get; }

    public bool EndsWithCatchAll { get; }

    /// <summary>
    /// The template with its variables erased, e.g. <c>/v1/operations/**:cancel</c>:
    /// two templates with the same shape match exactly the same paths.
    /// </summary>
    public string Shape { get; }

    public override string ToString() => Text;

    /// <summary>
    /// The value of each variable, in <see cref="Variables"/> order, for a path
    /// this template matched (on the verb-less segments when it has a verb).
    /// </summary>
    public string[] ReadVariables(HttpRequestPath path)
    {
        if (Variables.Count == 0)
        {
            return [];
        }

        var segments = Verb is null ? path.Segments : path.SegmentsBeforeVerb!;
        var raw = Verb is null ? path.RawSegments : path.RawSegmentsBeforeVerb!;
        var values = new string[Variables.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var variable = Variables[i];
            var end = variable.EndsWithCatchAll ? segments.Length : variable.EndSegment;
            values[i] = variable.IsMultiSegment
                ? JoinKeepingEscapedSlashes(raw, variable.StartSegment, end)
                : segments[variable.StartSegment];
        }

        return values;
    }

    private static string JoinKeepingEscapedSlashes(string[] raw, int start, int end)
    {
        if (end - start == 1)
        {
            return HttpRequestPath.DecodeKeepingEscapedSlashes(raw[start]);
        }

        var parts = new string[end - start];
        for (var i = start; i < end; i++)
        {
            parts[i - start] = HttpRequestPath.DecodeKeepingEscapedSlashes(raw[i]);
        }

        return string.Join('/', parts);
    }
}
