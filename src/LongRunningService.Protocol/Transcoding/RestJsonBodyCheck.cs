using System.Text.Json;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Reads a REST body once before JSON transcoding parses it, for what Google's
/// servers refuse and the library lets pass or cannot survive: a field name the
/// message does not have (Google answers 400 naming it; the library would skip
/// it), and nesting deeper than <see cref="RestJson.MaxDepth"/>, refused by the
/// reader before any recursion. Names are checked down through messages, lists
/// and maps; inside well-known types (Struct, Any, ...) the parser checks.
/// </summary>
internal static class RestJsonBodyCheck
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = RestJson.MaxDepth };

    /// <exception cref="RpcException">INVALID_ARGUMENT: the JSON is malformed, too deep, or names an unknown field.</exception>
    public static void Check(ReadOnlySpan<byte> utf8, MessageDescriptor? type, FieldDescriptor? field)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            if (!reader.Read())
            {
                return;
            }

            if (field is null)
            {
                CheckMessage(ref reader, type);
            }
            else
            {
                CheckField(ref reader, field);
            }

            if (reader.Read())
            {
                throw new JsonException($"Unexpected {reader.TokenType} after the end of the JSON value.");
            }
        }
        catch (JsonException exception)
        {
            throw RestProtocolErrors.InvalidJson(
                reader.CurrentDepth >= RestJson.MaxDepth - 1 ? $"The JSON nests arrays and objects deeper than {RestJson.MaxDepth} levels."
                : reader.BytesConsumed >= utf8.Length ? "Unexpected end of the JSON document."
                : exception.Message);
        }
    }

    // The reader is on a value of a message type (null: not checked further).
    private static void CheckMessage(ref Utf8JsonReader reader, MessageDescriptor? type)
    {
        if (type is null || reader.TokenType != JsonTokenType.StartObject || IsWellKnown(type))
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var field = RestFieldNames.Find(type, name) ?? throw RestProtocolErrors.UnknownJsonField(name);
            reader.Read();
            CheckField(ref reader, field);
        }
    }

    // The reader is on the value of a field.
    private static void CheckField(ref Utf8JsonReader reader, FieldDescriptor field)
    {
        if (field.IsMap)
        {
            var value = field.MessageType.FindFieldByNumber(2);
            if (reader.TokenType != JsonTokenType.StartObject || value.FieldType != FieldType.Message)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                CheckMessage(ref reader, value.MessageType);
            }

            return;
        }

        var type = field.FieldType == FieldType.Message ? field.MessageType : null;
        if (field.IsRepeated && reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                CheckMessage(ref reader, type);
            }

            return;
        }

        CheckMessage(ref reader, type);
    }

    private static bool IsWellKnown(MessageDescriptor type) => type.File.Package == "google.protobuf";
}
