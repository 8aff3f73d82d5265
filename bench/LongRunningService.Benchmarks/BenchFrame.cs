using System.Buffers.Binary;

namespace LongRunningService.Benchmarks;

/// <summary>gRPC's length-prefixed message: a compressed flag, a big-endian length, the message.</summary>
internal static class BenchFrame
{
    public const int HeaderSize = 5;

    public static byte[] Wrap(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderSize + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>The message of a body that holds exactly one uncompressed frame, or null.</summary>
    public static byte[]? Unwrap(byte[] body)
    {
        if (body.Length < HeaderSize || body[0] != 0)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        return length == body.Length - HeaderSize ? body[HeaderSize..] : null;
    }
}
