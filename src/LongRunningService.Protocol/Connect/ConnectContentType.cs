namespace LongRunningService.Protocol.Connect;

/// <summary>
/// The content types of the Connect protocol (connectrpc.com/docs/protocol):
/// unary calls send <c>application/proto</c> or <c>application/json</c>,
/// streaming calls <c>application/connect+proto</c> or <c>application/connect+json</c>.
/// </summary>
internal sealed record ConnectContentType(string MediaType, bool IsJson, bool IsStreaming)
{
    private const string StreamingPrefix = "application/connect+";

    /// <summary>True for any <c>application/connect+…</c> type, supported or not.</summary>
    public static bool LooksLikeStreaming(string? contentType) =>
        contentType is not null && contentType.StartsWith(StreamingPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Connect type <paramref name="contentType"/> names, or null.</summary>
    public static ConnectContentType? Parse(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/proto" => new ConnectContentType(mediaType, IsJson: false, IsStreaming: false),
            "application/json" => new ConnectContentType(mediaType, IsJson: true, IsStreaming: false),
            StreamingPrefix + "proto" => new ConnectContentType(mediaType, IsJson: false, IsStreaming: true),
            StreamingPrefix + "json" => new ConnectContentType(mediaType, IsJson: true, IsStreaming: true),
            _ => null,
        };
    }
}
