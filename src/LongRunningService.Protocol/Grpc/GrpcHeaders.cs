namespace LongRunningService.Protocol.Grpc;

/// <summary>Header names and values of the gRPC HTTP/2 protocol (PROTOCOL-HTTP2.md).</summary>
internal static class GrpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string StatusDetails = "grpc-status-details-bin";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";
    public const string SupportedEncodings = "identity,gzip";
    public const string BinarySuffix = "-bin";

    /// <summary>
    /// True for `application/grpc` and `application/grpc+proto`, with or without
    /// parameters. `application/grpc-web…` and other subtypes are not ours here.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(ContentType.Length);
        if (rest.IsEmpty || rest[0] == ';')
        {
            return true;
        }

        const string protoSuffix = "+proto";
        return rest.StartsWith(protoSuffix, StringComparison.OrdinalIgnoreCase)
            && (rest.Length == protoSuffix.Length || rest[protoSuffix.Length] == ';');
    }

    /// <summary>
    /// True for any `application/grpc…` type, gRPC-Web's included, which the
    /// gRPC layer takes: to serve, or to answer 415 if unsupported.
    /// </summary>
    public static bool LooksLikeGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);
}
