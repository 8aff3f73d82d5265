using Google.Rpc;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Connect;

/// <summary>The statuses the Connect layer itself answers with.</summary>
internal static class ConnectProtocolErrors
{
    public static RpcException MalformedTimeout(string value) =>
        new(Code.InvalidArgument, $"Malformed Connect-Timeout-Ms '{value}': expected 1 to 10 digits of milliseconds.");

    public static RpcException UnsupportedEncoding(string encoding) =>
        new(Code.Unimplemented, $"Unsupported Content-Encoding '{encoding}'. Supported encodings: identity, gzip.");

    public static RpcException StreamingMethod(string fullMethod) =>
        new(Code.Unimplemented, $"Method '{fullMethod}' streams; call it with application/connect+proto or application/connect+json.");

    public static RpcException UnsupportedProtocolVersion(string version) =>
        new(Code.InvalidArgument, $"Unsupported Connect-Protocol-Version '{version}'; this server speaks version 1.");
}
