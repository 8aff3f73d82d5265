using System.Buffers.Binary;
using Google.Protobuf;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Builds and splits gRPC length-prefixed frames by hand, independent of the server's framer.</summary>
internal static class GrpcFrames
{
    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(byte[] payload, byte compressedFlag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static List<byte[]> Split(byte[] body)
    {
        var messages = new List<byte[]>();
        var offset = 0;
        while (offset + 5 <= body.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            messages.Add(body.AsSpan(offset + 5, length).ToArray());
            offset += 5 + length;
        }

        Assert.Equal(body.Length, offset);
        return messages;
    }
}
