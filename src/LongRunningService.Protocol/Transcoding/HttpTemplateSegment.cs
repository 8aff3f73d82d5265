namespace LongRunningService.Protocol.Transcoding;

/// <summary>One segment of a parsed path template; <see cref="Literal"/> is set for literal segments only.</summary>
internal readonly record struct HttpTemplateSegment(HttpTemplateSegmentKind Kind, string? Literal)
{
    public static readonly HttpTemplateSegment Wildcard = new(HttpTemplateSegmentKind.Wildcard, null);

    public static readonly HttpTemplateSegment CatchAll = new(HttpTemplateSegmentKind.CatchAll, null);

    public override string ToString() => Kind switch
    {
        HttpTemplateSegmentKind.Wildcard => "*",
        HttpTemplateSegmentKind.CatchAll => "**",
        _ => Literal!,
    };
}
