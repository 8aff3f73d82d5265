namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Custom metadata of a call: request headers, or response headers and
/// trailers. Keys are lower case; keys ending in <c>-bin</c> carry bytes,
/// which travel base64-encoded on the wire.
/// </summary>
internal sealed class Metadata : List<Metadata.Entry>
{
    public sealed record Entry(string Key, string? Value, byte[]? ValueBytes)
    {
        public bool IsBinary => ValueBytes is not null;
    }

    public void Add(string key, string value)
    {
        var normalized = NormalizeKey(key);
        if (normalized.EndsWith(GrpcHeaders.BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in '-bin' and takes a binary value.", nameof(key));
        }

        Add(new Entry(normalized, value, null));
    }

    public void Add(string key, byte[] value)
    {
        var normalized = NormalizeKey(key);
        if (!normalized.EndsWith(GrpcHeaders.BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' takes a text value; binary keys end in '-bin'.", nameof(key));
        }

        Add(new Entry(normalized, null, value));
    }

    /// <summary>The first text value under <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        foreach (var entry in this)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase) && entry.Value is not null)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The first binary value under <paramref name="key"/>, or null.</summary>
    public byte[]? GetBytes(string key)
    {
        foreach (var entry in this)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase) && entry.ValueBytes is not null)
            {
                return entry.ValueBytes;
            }
        }

        return null;
    }

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key.ToLowerInvariant();
    }
}
