namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// A request path prepared once for matching: split on '/' first, then
/// percent-decoded segment by segment, so an encoded <c>%2F</c> stays inside
/// its segment. When the last segment holds a ':' the path is also kept with
/// that segment cut at its last ':', for templates that end in a verb (in
/// <c>/v1/{name=operations/**}:cancel</c> the verb belongs to the last segment).
/// Clients percent-encode ':' inside values, so a raw ':' marks the verb.
/// </summary>
internal sealed class HttpRequestPath
{
    private HttpRequestPath(string[] rawSegments, string[] segments, string[]? rawBeforeVerb, string[]? beforeVerb, string? verb)
    {
        RawSegments = rawSegments;
        Segments = segments;
        RawSegmentsBeforeVerb = rawBeforeVerb;
        SegmentsBeforeVerb = beforeVerb;
        Verb = verb;
    }

    /// <summary>The segments as they arrived, still percent-encoded.</summary>
    public string[] RawSegments { get; }

    /// <summary>The decoded segments, the last one whole.</summary>
    public string[] Segments { get; }

    /// <summary>The raw segments with the verb cut off the last one; null when there is no verb.</summary>
    public string[]? RawSegmentsBeforeVerb { get; }

    /// <summary>The decoded segments with the verb cut off the last one; null when there is no verb.</summary>
    public string[]? SegmentsBeforeVerb { get; }

    /// <summary>The decoded text after the last ':' of the last segment, or null.</summary>
    public string? Verb { get; }

    /// <summary>Splits an absolute path such as <c>/v1/operations/a%2Fb:cancel</c>; null when it does not start with '/'.</summary>
    public static HttpRequestPath? Parse(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return null;
        }

        var raw = path[1..].Split('/');

        // Most paths escape nothing: then the decoded segments are the raw ones, shared rather than copied.
        var escaped = path.Contains('%', StringComparison.Ordinal);
        var decoded = escaped ? Array.ConvertAll(raw, Decode) : raw;

        var last = raw[^1];
        var colon = last.LastIndexOf(':');
        if (colon < 0)
        {
            return new HttpRequestPath(raw, decoded, null, null, null);
        }

        var rawBeforeVerb = (string[])raw.Clone();
        rawBeforeVerb[^1] = last[..colon];
        var beforeVerb = rawBeforeVerb;
        if (escaped)
        {
            beforeVerb = (string[])decoded.Clone();
            beforeVerb[^1] = Decode(rawBeforeVerb[^1]);
        }

        return new HttpRequestPath(raw, decoded, rawBeforeVerb, beforeVerb, Decode(last[(colon + 1)..]));
    }

    public static string Decode(string segment) =>
        segment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : segment;

    /// <summary>
    /// Decodes all but <c>%2F</c>/<c>%2f</c>, which a multi-segment variable keeps
    /// as sent (google/api/http.proto: "except %2F and %2f are left unchanged").
    /// </summary>
    public static string DecodeKeepingEscapedSlashes(string segment)
    {
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return segment;
        }

        var index = segment.IndexOf("%2F", StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return Uri.UnescapeDataString(segment);
        }

        var builder = new System.Text.StringBuilder(segment.Length);
        var start = 0;
        while (index >= 0)
        {
            builder.Append(Uri.UnescapeDataString(segment[start..index])).Append(segment, index, 3);
            start = index + 3;
            index = segment.IndexOf("%2F", start, StringComparison.OrdinalIgnoreCase);
        }

        return builder.Append(Uri.UnescapeDataString(segment[start..])).ToString();
    }
}
