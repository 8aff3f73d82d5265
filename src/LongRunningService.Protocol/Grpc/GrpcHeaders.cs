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
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>
    /// True for any `application/grpc…` type, gRPC-Web's included, which the
    /// gRPC layer takes: to serve, or to answer 415 if unsupported.
    /// </summary>
    public static bool LooksLikeGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);
}
