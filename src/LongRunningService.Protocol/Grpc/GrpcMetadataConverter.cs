using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Metadata = Grpc.Core.Metadata;

namespace LongRunningService.Protocol.Grpc;

/// <summary>Writes metadata as HTTP headers and reads binary header values: base64 for <c>-bin</c> keys.</summary>
internal static class GrpcMetadataConverter
{
    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, EncodeValue(entry));
        }
    }

    public static StringValues EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? EncodeBinary(entry.ValueBytes) : entry.Value;

    // Base64 without padding, as PROTOCOL-HTTP2.md asks senders to emit.
    private static string EncodeBinary(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Accepts padded and unpadded base64, as receivers must.</summary>
    public static bool TryDecodeBinary(string value, out byte[] bytes)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };

        bytes = new byte[padded.Length / 4 * 3];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            Array.Resize(ref bytes, written);
            return true;
        }

        bytes = [];
        return false;
    }
}
