using System.Buffers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Connect's JSON codec: proto3 JSON with the REST layer's type registry, so
/// that an <c>Any</c> reads and writes with its <c>@type</c>.
/// </summary>
internal sealed class ConnectJsonCodec(RestJson json)
{
    public byte[] Serialize(IMessage message) => Encoding.UTF8.GetBytes(json.Formatter(default).Format(message));

    public IMessage Parse(MessageDescriptor type, ReadOnlySequence<byte> payload)
    {
        try
        {
            return json.Parse(Encoding.UTF8.GetString(payload), type);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw new RpcException(Google.Rpc.Code.InvalidArgument, $"The request is not a valid {type.FullName} in JSON: {exception.Message}");
        }
    }
}
