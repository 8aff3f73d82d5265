using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc;

/// <summary>Message payloads in a format other than protobuf binary, such as Connect's JSON.</summary>
internal interface IMessagePayloadCodec
{
    byte[] Serialize(IMessage message);

    /// <summary>Parses a payload; throws <see cref="RpcException"/> when it is not a valid message of the type.</summary>
    IMessage Parse(MessageDescriptor type, ReadOnlySequence<byte> payload);
}
