using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LongRunningService.Protocol.Grpc;

/// <summary>Moves metadata between HTTP headers and <see cref="Metadata"/>, base64 for <c>-bin</c> keys.</summary>
internal static class GrpcMetadataConverter
{
    // Headers the protocol owns; handlers see only custom metadata.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "te", "host", "content-length", "connection", "accept-encoding",
        GrpcHeaders.Timeout, GrpcHeaders.Encoding, GrpcHeaders.AcceptEncoding,
        "content-encoding", "connect-protocol-version", "connect-timeout-ms", "connect-content-encoding", "connect-accept-encoding",
    };

    public static Metadata FromRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (key.StartsWith(':') || ReservedHeaders.Contains(key))
            {
                continue;
            }

            var lowerKey = key.ToLowerInvariant();
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (lowerKey.EndsWith(GrpcHeaders.BinarySuffix, StringComparison.Ordinal))
                {
                    // A header that is not valid base64 is kept out rather than failing the call.
                    if (TryDecodeBinary(value, out var bytes))
                    {
                        metadata.Add(new Metadata.Entry(lowerKey, null, bytes));
                    }
                }
                else
                {
                    metadata.Add(new Metadata.Entry(lowerKey, value, null));
                }
            }
        }

        return metadata;
    }

    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, EncodeValue(entry));
        }
    }

    public static StringValues EncodeValue(Metadata.Entry entry) =>
        entry.ValueBytes is { } bytes ? EncodeBinary(bytes) : entry.Value ?? string.Empty;

    /// <summary>Base64 without padding, as PROTOCOL-HTTP2.md asks senders to emit.</summary>
    public static string EncodeBinary(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

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
