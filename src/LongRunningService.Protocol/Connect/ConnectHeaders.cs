namespace LongRunningService.Protocol.Connect;

/// <summary>Header names of the Connect protocol.</summary>
internal static class ConnectHeaders
{
    public const string ProtocolVersion = "connect-protocol-version";
    public const string Timeout = "connect-timeout-ms";
    public const string StreamContentEncoding = "connect-content-encoding";
    public const string StreamAcceptEncoding = "connect-accept-encoding";

    /// <summary>Unary responses carry trailing metadata as headers with this prefix.</summary>
    public const string TrailerPrefix = "trailer-";
}
