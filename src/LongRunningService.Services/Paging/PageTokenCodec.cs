using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Paging;

/// <summary>
/// Opaque page tokens (AIP-158): the position after the last item returned,
/// bound to the request's other parameters and signed with a key made at
/// start-up, so a token that was altered, or sent with other parameters,
/// is refused with INVALID_ARGUMENT instead of giving a wrong page.
/// </summary>
internal sealed class PageTokenCodec
{
    private const int PositionSize = sizeof(long);
    private const int TagSize = 16;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A token to resume after <paramref name="position"/> for the request described by <paramref name="scope"/>.</summary>
    public string Encode(long position, string scope)
    {
        var token = new byte[PositionSize + TagSize];
        BinaryPrimitives.WriteInt64BigEndian(token, position);
        Sign(token.AsSpan(0, PositionSize), scope).CopyTo(token.AsSpan(PositionSize));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The position in a token; 0 for an empty token (the first page).</summary>
    public long Decode(string token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        var bytes = new byte[PositionSize + TagSize];
        if (!Base64Url.IsValid(token) || Base64Url.GetMaxDecodedLength(token.Length) < bytes.Length
            || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != bytes.Length)
        {
            throw Invalid();
        }

        var expected = Sign(bytes.AsSpan(0, PositionSize), scope);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PositionSize)))
        {
            throw Invalid();
        }

        return BinaryPrimitives.ReadInt64BigEndian(bytes);
    }

    private byte[] Sign(ReadOnlySpan<byte> position, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var data = new byte[position.Length + scopeBytes.Length];
        position.CopyTo(data);
        scopeBytes.CopyTo(data, position.Length);
        return HMACSHA256.HashData(_key, data)[..TagSize];
    }

    private static Protocol.Grpc.RpcException Invalid() =>
        RpcErrors.InvalidField(
            "page_token",
            "The field `page_token` is invalid: it was not issued by this server for a request with these parameters (the other request fields must stay the same between pages).");
}
