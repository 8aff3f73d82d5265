namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// A <c>{field.path=segments}</c> of a template: the request field it sets and
/// the template segments <c>[StartSegment, EndSegment)</c> whose text it takes.
/// </summary>
internal sealed record HttpTemplateVariable(string FieldPath, int StartSegment, int EndSegment, bool EndsWithCatchAll)
{
    /// <summary>The field path split at its dots.</summary>
    public IReadOnlyList<string> FieldNames { get; } = FieldPath.Split('.');

    /// <summary>
    /// True when the variable may span more than one path segment, such as
    /// <c>{name=operations/*}</c> or <c>{name=**}</c>. Such values keep <c>%2F</c>
    /// undecoded (google/api/http.proto, "Path template syntax").
    /// </summary>
    public bool IsMultiSegment => EndsWithCatchAll || EndSegment - StartSegment > 1;
}
