using System.Text.Json;
using Google.Protobuf;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Writes a status as Connect's error object:
/// <c>{"code":"not_found","message":"…","details":[{"type":"google.rpc.BadRequest","value":"…"}]}</c>,
/// where each detail's value is the packed message's bytes in base64 without padding.
/// </summary>
internal static class ConnectErrorJson
{
    private const string TypeUrlPrefix = "type.googleapis.com/";

    /// <summary>Leaves quotes and non-ASCII text as they are, as Connect's own servers write them.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter writer, RpcStatus status)
    {
        writer.WriteStartObject();
        writer.WriteString("code", ConnectErrorCodes.ToName(status.Code));
        if (!string.IsNullOrEmpty(status.Message))
        {
            writer.WriteString("message", status.Message);
        }

        if (status.Details.Count > 0)
        {
            writer.WriteStartArray("details");
            foreach (var detail in status.Details)
            {
                writer.WriteStartObject();
                var typeName = detail.TypeUrl.StartsWith(TypeUrlPrefix, StringComparison.Ordinal)
                    ? detail.TypeUrl[TypeUrlPrefix.Length..]
                    : detail.TypeUrl[(detail.TypeUrl.LastIndexOf('/') + 1)..];
                writer.WriteString("type", typeName);
                writer.WriteString("value", Convert.ToBase64String(detail.Value.ToByteArray()).TrimEnd('='));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
