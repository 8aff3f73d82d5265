using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Writes a status as Google's REST error envelope (AIP-193), which Google's
/// clients parse: <c>{"error":{"code":404,"message":"…","status":"NOT_FOUND","details":[{"@type":…}]}}</c>.
/// <c>code</c> is the HTTP status; <c>status</c>, the code's name, is what
/// Node's gax reads the gRPC code from, so it is always sent.
/// </summary>
internal static class RestErrorWriter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static string Format(RpcStatus status, int httpStatus, JsonFormatter formatter, bool pretty, ILogger logger)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, pretty ? Indented : Compact))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", httpStatus);
            writer.WriteString("message", status.Message);
            writer.WriteString("status", HttpStatusMapping.ToStatusName((Code)status.Code));
            if (status.Details.Count > 0)
            {
                writer.WriteStartArray("details");
                foreach (var detail in status.Details)
                {
                    WriteDetail(writer, detail, formatter, logger);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteDetail(Utf8JsonWriter writer, Google.Protobuf.WellKnownTypes.Any detail, JsonFormatter formatter, ILogger logger)
    {
        string json;
        try
        {
            json = formatter.Format(detail);
        }
        catch (InvalidOperationException)
        {
            // The type registry lacks the detail's type: the client still learns what it was.
            RestTranscodingLog.DetailNotWritable(logger, detail.TypeUrl);
            writer.WriteStartObject();
            writer.WriteString("@type", detail.TypeUrl);
            writer.WriteEndObject();
            return;
        }

        // Rewritten token by token, so a detail is compact or indented like the envelope around it.
        using var document = JsonDocument.Parse(json);
        document.RootElement.WriteTo(writer);
    }
}
