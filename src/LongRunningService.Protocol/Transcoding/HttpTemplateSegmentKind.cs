namespace LongRunningService.Protocol.Transcoding;

/// <summary>What one segment of a path template matches.</summary>
internal enum HttpTemplateSegmentKind
{
    /// <summary>Exactly the segment's text.</summary>
    Literal,

    /// <summary><c>*</c>: any one non-empty segment.</summary>
    Wildcard,

    /// <summary><c>**</c>: one or more segments, up to the end of the path (or its verb).</summary>
    CatchAll,
}
