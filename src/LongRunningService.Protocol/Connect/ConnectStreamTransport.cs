using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Json;
using LongRunningService.Protocol.Grpc;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Connect's streaming framing: messages in the same envelopes as gRPC, and,
/// instead of trailers, a last envelope flagged 0x02 (end of stream) holding
/// <c>{"error":{…},"metadata":{"name":["value"]}}</c>. The HTTP status is
/// always 200, so every status, even one before any message, goes there.
/// </summary>
internal sealed class ConnectStreamTransport(ConnectContentType contentType, IMessagePayloadCodec? json) : GrpcCallTransport
{
    private const byte EndStreamFlag = 0x02;

    public override string Protocol => "connect";

    public override string ResponseContentType => contentType.MediaType;

    public override bool AllowsTrailersOnly => false;

    public override IMessagePayloadCodec? PayloadCodec => json;

    public override void WriteStatus(PipeWriter body, RpcStatus status, Metadata? trailers)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, ConnectErrorJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (status.Code != 0)
            {
                writer.WritePropertyName("error");
                ConnectErrorJson.Write(writer, status);
            }

            if (trailers is { Count: > 0 })
            {
                writer.WriteStartObject("metadata");
                foreach (var group in trailers.GroupBy(e => e.Key))
                {
                    writer.WriteStartArray(group.Key);
                    foreach (var entry in group)
                    {
                        writer.WriteStringValue(GrpcMetadataConverter.EncodeValue(entry).ToString());
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var span = body.GetSpan(GrpcFrame.HeaderSize + buffer.WrittenCount);
        span[0] = EndStreamFlag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(span[GrpcFrame.HeaderSize..]);
        body.Advance(GrpcFrame.HeaderSize + buffer.WrittenCount);
    }
}
