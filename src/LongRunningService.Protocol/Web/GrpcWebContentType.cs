namespace LongRunningService.Protocol.Web;

/// <summary>
/// The content types of gRPC-Web (PROTOCOL-WEB.md): <c>application/grpc-web</c>
/// and <c>application/grpc-web-text</c>, each optionally <c>+proto</c>, with or
/// without parameters. The response carries the request's type back.
/// </summary>
internal sealed record GrpcWebContentType(string MediaType, bool IsText)
{
    public const string Prefix = "application/grpc-web";
    private const string TextPrefix = "application/grpc-web-text";

    /// <summary>True for any <c>application/grpc-web…</c> type, supported or not.</summary>
    public static bool LooksLikeGrpcWeb(string? contentType) =>
        contentType is not null && contentType.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The supported gRPC-Web type <paramref name="contentType"/> names, or null (e.g. <c>+json</c>).</summary>
    public static GrpcWebContentType? Parse(string? contentType)
    {
        if (!LooksLikeGrpcWeb(contentType))
        {
            return null;
        }

        var semicolon = contentType!.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return mediaType switch
        {
            Prefix or Prefix + "+proto" => new GrpcWebContentType(mediaType, IsText: false),
            TextPrefix or TextPrefix + "+proto" => new GrpcWebContentType(mediaType, IsText: true),
            _ => null,
        };
    }
}
