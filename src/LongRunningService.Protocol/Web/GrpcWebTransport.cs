using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Google.Protobuf;
using LongRunningService.Protocol.Grpc;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Web;

/// <summary>
/// gRPC-Web's framing of the end of a call (PROTOCOL-WEB.md): browsers cannot
/// read HTTP trailers, so the status and trailing metadata travel as one last
/// length-prefixed frame whose flag byte has the 0x80 bit set, holding
/// lower-case <c>name: value\r\n</c> lines. Browsers cannot stream requests,
/// but other gRPC-Web clients can (buf curl reads reflection over a bidi
/// stream), so streaming methods are served as over gRPC.
/// </summary>
internal sealed class GrpcWebTransport(GrpcWebContentType contentType) : GrpcCallTransport
{
    private const byte TrailersFlag = 0x80;

    public override string Protocol => "grpc-web";

    public override string ResponseContentType => contentType.MediaType;

    public override bool AllowsTrailersOnly => true;

    public override void WriteStatus(PipeWriter body, RpcStatus status, Metadata? trailers)
    {
        var block = new StringBuilder();
        AppendLine(block, GrpcHeaders.Status, status.Code.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Message))
        {
            AppendLine(block, GrpcHeaders.Message, GrpcStatusMessage.Encode(status.Message));
        }

        if (status.Details.Count > 0)
        {
            AppendLine(block, GrpcHeaders.StatusDetails, GrpcMetadataConverter.EncodeBinary(status.ToByteArray()));
        }

        foreach (var entry in trailers ?? [])
        {
            AppendLine(block, entry.Key, GrpcMetadataConverter.EncodeValue(entry).ToString());
        }

        var payload = Encoding.ASCII.GetBytes(block.ToString());
        var span = body.GetSpan(GrpcFrame.HeaderSize + payload.Length);
        span[0] = TrailersFlag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)payload.Length);
        payload.CopyTo(span[GrpcFrame.HeaderSize..]);
        body.Advance(GrpcFrame.HeaderSize + payload.Length);
    }

    private static void AppendLine(StringBuilder block, string name, string value) =>
        block.Append(name.ToLowerInvariant()).Append(": ").Append(value).Append("\r\n");
}
