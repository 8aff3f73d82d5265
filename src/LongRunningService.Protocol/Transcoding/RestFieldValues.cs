using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Converts a path or query-string value to what a field's accessor takes:
/// scalars in their proto3 JSON text form, enums by name or number, and the
/// well-known types REST clients put in URLs (Timestamp as RFC 3339, Duration
/// as <c>30s</c>, FieldMask as <c>a,b.c</c>, wrappers as their value).
/// </summary>
internal static class RestFieldValues
{
    /// <summary>Parses <paramref name="text"/> for <paramref name="field"/>; <paramref name="name"/> is how the client named it, for errors.</summary>
    public static object Parse(FieldDescriptor field, string text, string name, JsonParser parser) =>
        field.FieldType switch
        {
            FieldType.Message => ParseMessage(field, text, name, parser),
            FieldType.Group => throw RestProtocolErrors.UnsupportedQueryParameter(name, "groups cannot be set from a URL"),
            _ => ParseScalar(field, field.FieldType, text, name),
        };

    private static object ParseScalar(FieldDescriptor field, FieldType type, string text, string name)
    {
        var value = type switch
        {
            FieldType.String => text,
            FieldType.Bool => ParseBool(text),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ParseNumber<int>(text, NumberStyles.Integer),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ParseNumber<long>(text, NumberStyles.Integer),
            FieldType.UInt32 or FieldType.Fixed32 => ParseNumber<uint>(text, NumberStyles.Integer),
            FieldType.UInt64 or FieldType.Fixed64 => ParseNumber<ulong>(text, NumberStyles.Integer),
            FieldType.Float => ParseNumber<float>(text, NumberStyles.Float),
            FieldType.Double => ParseNumber<double>(text, NumberStyles.Float),
            FieldType.Bytes => ParseBytes(text),
            FieldType.Enum => ParseEnum(field.EnumType, text),
            _ => null,
        };

        return value ?? throw RestProtocolErrors.InvalidValue(name, TypeName(field), text);
    }

    private static object ParseMessage(FieldDescriptor field, string text, string name, JsonParser parser)
    {
        var type = field.MessageType;
        switch (type.FullName)
        {
            case "google.protobuf.Timestamp" or "google.protobuf.Duration":
                try
                {
                    return parser.Parse("\"" + JsonEncodedText.Encode(text) + "\"", type);
                }
                catch (InvalidProtocolBufferException)
                {
                    throw RestProtocolErrors.InvalidValue(name, type.FullName, text);
                }

            case "google.protobuf.FieldMask":
                return ParseFieldMask(text);
            case "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" or "google.protobuf.Int64Value"
                or "google.protobuf.UInt64Value" or "google.protobuf.Int32Value" or "google.protobuf.UInt32Value"
                or "google.protobuf.BoolValue" or "google.protobuf.StringValue" or "google.protobuf.BytesValue":
                // C# exposes wrapper fields as nullable scalars: the accessor takes the wrapped value.
                var inner = type.FindFieldByName("value");
                return ParseScalar(field, inner.FieldType, text, name);
            default:
                throw RestProtocolErrors.UnsupportedQueryParameter(
                    name, $"it is a {type.FullName} message; set its fields one by one, e.g. {name}.field=value");
        }
    }

    // A comma list of paths in lowerCamelCase, as proto3 JSON writes masks; snake_case paths are taken as they are.
    private static FieldMask ParseFieldMask(string text)
    {
        var mask = new FieldMask();
        foreach (var path in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var snake = new StringBuilder(path.Length + 4);
            foreach (var c in path)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    snake.Append('_').Append(char.ToLowerInvariant(c));
                }
                else
                {
                    snake.Append(c);
                }
            }

            mask.Paths.Add(snake.ToString());
        }

        return mask;
    }

    private static object? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" or "1" => true,
        "false" or "False" or "FALSE" or "0" => false,
        _ => null,
    };

    // Float styles take "NaN", "Infinity" and "-Infinity", the JSON forms of the special values.
    private static object? ParseNumber<T>(string text, NumberStyles styles)
        where T : struct, INumber<T> =>
        T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) ? value : null;

    // Standard or URL-safe base64, padded or not: proto3 JSON takes both.
    private static object? ParseBytes(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            return ByteString.FromBase64(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static object? ParseEnum(EnumDescriptor type, string text)
    {
        if (type.FindValueByName(text) is { } named)
        {
            return named.Number;
        }

        // Proto3 enums are open: a number the enum does not name is still a value.
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    // Google's wording names the proto type, e.g. TYPE_INT32, as descriptor.proto spells it.
    private static string TypeName(FieldDescriptor field) =>
        field.FieldType == FieldType.Message
            ? field.MessageType.FullName
            : FieldDescriptorProto.Descriptor.EnumTypes.First(e => e.Name == "Type").FindValueByNumber((int)field.ToProto().Type).Name;
}
