using System.Buffers;
using System.Buffers.Binary;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// The gRPC length-prefixed message (PROTOCOL-HTTP2.md, "Length-Prefixed-Message"):
/// <code>
/// +------------------+------------------------------------------+
/// | Compressed-Flag  | Message-Length                           |
/// | 1 byte: 0 or 1   | 4 bytes, unsigned, big-endian            |
/// +------------------+------------------------------------------+
/// | Message: Message-Length bytes                               |
/// +-------------------------------------------------------------+
/// </code>
/// </summary>
internal static class GrpcFrame
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Takes one whole frame from the front of <paramref name="buffer"/>. Returns
    /// false, leaving the buffer as it is, when the frame has not fully arrived.
    /// Checks the flag and the size limit as soon as the header is there, so an
    /// oversize message is refused before its bytes are buffered.
    /// </summary>
    public static bool TryRead(
        ref ReadOnlySequence<byte> buffer,
        int? maxMessageSize,
        out bool compressed,
        out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var flag = header[0];
        if (flag > 1)
        {
            throw GrpcProtocolErrors.InvalidCompressionFlag(flag);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (maxMessageSize is { } limit && length > (uint)limit)
        {
            throw GrpcProtocolErrors.ReceiveMessageTooLarge(length, limit);
        }

        if (buffer.Length - HeaderSize < length)
        {
            return false;
        }

        compressed = flag == 1;
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes the 5-byte header of an uncompressed message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
