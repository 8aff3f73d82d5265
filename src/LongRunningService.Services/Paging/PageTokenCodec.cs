using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Paging;

/// <summary>
/// Opaque page tokens (AIP-158): the position after the last item returned,
/// bound to the request's other parameters and signed with the store's key,
/// so a token that was altered, sent with other parameters or made for
/// another store is refused with INVALID_ARGUMENT instead of giving a wrong
/// page, while one made before a restart, or by another server sharing the
/// store, is honoured.
/// </summary>
internal sealed class PageTokenCodec
{
    private const int PositionSize = sizeof(long);
    private const int TagSize = 16;
    private readonly Lazy<byte[]> _key;

    /// <param name="key">The secret that signs tokens (the store's page token key); never shown.</param>
    public PageTokenCodec(byte[] key)
        : this(() => key) => _ = _key.Value;

    /// <summary>A codec whose key is asked for when a token is first made or read (the store's, known once it has loaded).</summary>
    public PageTokenCodec(Func<byte[]> key) =>
        _key = new(() => key() is { Length: > 0 } secret ? secret : throw new ArgumentException("A page token key must not be empty.", nameof(key)));

    /// <summary>A token to resume after <paramref name="position"/> for the request described by <paramref name="scope"/>.</summary>
    public string Encode(long position, string scope) => Encode([position], scope);

    /// <summary>The position in a token; 0 for an empty token (the first page).</summary>
    public long Decode(string token, string scope) =>
        string.IsNullOrEmpty(token) ? 0 : Decode(token, scope, 1)[0];

    /// <summary>A token holding several numbers, e.g. a sort key and a sequence (keyset paging).</summary>
    public string Encode(ReadOnlySpan<long> position, string scope)
    {
        var size = position.Length * PositionSize;
        var token = new byte[size + TagSize];
        for (var i = 0; i < position.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(i * PositionSize), position[i]);
        }

        Sign(token.AsSpan(0, size), scope).CopyTo(token.AsSpan(size));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The <paramref name="count"/> numbers in a token made by <see cref="Encode(ReadOnlySpan{long}, string)"/>.</summary>
    public long[] Decode(string token, string scope, int count)
    {
        var size = count * PositionSize;
        var bytes = new byte[size + TagSize];
        if (!Base64Url.IsValid(token) || Base64Url.GetMaxDecodedLength(token.Length) < bytes.Length
            || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != bytes.Length)
        {
            throw Invalid();
        }

        var expected = Sign(bytes.AsSpan(0, size), scope);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(size)))
        {
            throw Invalid();
        }

        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(i * PositionSize));
        }

        return values;
    }

    private byte[] Sign(ReadOnlySpan<byte> position, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var data = new byte[position.Length + scopeBytes.Length];
        position.CopyTo(data);
        scopeBytes.CopyTo(data, position.Length);
        return HMACSHA256.HashData(_key.Value, data)[..TagSize];
    }

    private static RpcException Invalid() =>
        RpcErrors.InvalidField(
            "page_token",
            "The field `page_token` is invalid: it was not issued by this server for a request with these parameters (the other request fields must stay the same between pages).");
}
