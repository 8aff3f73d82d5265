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
    /// True when this template binds a request path (as Kestrel decodes it): literals and the
    /// verb compared exactly, as Google's front end compares them, <c>*</c> one non-empty
    /// segment, <c>**</c> one or more. Routing compares literals without case and lets
    /// <c>**</c> match nothing; a match it makes that this refuses is no match.
    /// </summary>
    public bool Matches(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        var rest = path.AsSpan(1);
        if (Verb is not null)
        {
            if (rest.Length <= Verb.Length || rest[^(Verb.Length + 1)] != ':' || !rest.EndsWith(Verb, StringComparison.Ordinal))
            {
                return false;
            }

            rest = rest[..^(Verb.Length + 1)];
        }

        // Walked segment by segment over the path itself: this runs on every REST call.
        var index = 0;
        var caughtAll = false;
        foreach (var range in rest.Split('/'))
        {
            var part = rest[range];
            if (index >= Segments.Count)
            {
                return false;
            }

            var segment = Segments[index];
            if (segment.Kind == HttpTemplateSegmentKind.CatchAll)
            {
                // ** is last, and takes this segment and every one after it, none of them empty.
                if (part.IsEmpty)
                {
                    return false;
                }

                caughtAll = true;
                continue;
            }

            if (segment.Kind == HttpTemplateSegmentKind.Literal ? !part.SequenceEqual(segment.Literal) : part.IsEmpty)
            {
                return false;
            }

            index++;
        }

        return index == Segments.Count || caughtAll;
    }
}
