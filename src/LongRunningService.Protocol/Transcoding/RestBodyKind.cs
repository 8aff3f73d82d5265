namespace LongRunningService.Protocol.Transcoding;

/// <summary>Where an HTTP rule's <c>body</c> puts the request body.</summary>
internal enum RestBodyKind
{
    /// <summary>No <c>body</c>: fields not in the path come from the query string.</summary>
    None,

    /// <summary><c>body: "*"</c>: the body is the whole request message.</summary>
    Message,

    /// <summary><c>body: "field"</c>: the body is that top-level field's value.</summary>
    Field,
}
