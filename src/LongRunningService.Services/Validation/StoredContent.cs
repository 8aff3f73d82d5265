using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Contracts;

namespace LongRunningService.Services.Validation;

/// <summary>
/// Checks a message a client asks the server to keep (an operation's result,
/// a job, imported state) for what would break a later read in proto3 JSON:
/// an <c>Any</c> with no type or one whose type the server cannot describe, a <c>Value</c> with no
/// kind or a number JSON cannot carry, a <c>Timestamp</c> or <c>Duration</c>
/// outside protobuf's range or not normalized, and nesting deeper than
/// <see cref="MaxDepth"/>. It is refused when written, so that nothing stored
/// can make a later Get or List fail on any protocol.
/// </summary>
internal static class StoredContent
{
    /// <summary>Deepest nesting of messages (an <c>Any</c>'s content counts as one level more).</summary>
    public const int MaxDepth = 100;

    // Timestamp's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <exception cref="RpcException">INVALID_ARGUMENT naming the first bad field under <paramref name="field"/>.</exception>
    public static void Require(IMessage message, string field) => Check(message, field, 0);

    private static void Check(IMessage message, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw RpcErrors.InvalidField(path, $"The field `{path}` nests messages deeper than {MaxDepth} levels.");
        }

        switch (message)
        {
            case Any any:
                CheckAny(any, path, depth);
                return;
            case Value value when value.KindCase == Value.KindOneofCase.None:
                throw RpcErrors.InvalidField(path, $"The field `{path}` is a google.protobuf.Value with no kind set; set one of null_value, number_value, string_value, bool_value, struct_value or list_value.");
            case Value { KindCase: Value.KindOneofCase.NumberValue } value when !double.IsFinite(value.NumberValue):
                throw RpcErrors.InvalidField(path, $"The field `{path}` is a google.protobuf.Value whose number is not finite; JSON cannot carry it.");
            case Timestamp timestamp:
                CheckTimestamp(timestamp, path);
                return;
            case Duration duration:
                DurationFields.RequireNormalized(duration, path);
                return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            var name = path + "." + field.Name;
            switch (value)
            {
                case IMessage child:
                    Check(child, name, depth + 1);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Value is IMessage item)
                        {
                            Check(item, $"{name}[{Quote(entry.Key)}]", depth + 1);
                        }
                    }

                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is IMessage item)
                        {
                            Check(item, $"{name}[{i}]", depth + 1);
                        }
                    }

                    break;
            }
        }
    }

    private static void CheckAny(Any any, string path, int depth)
    {
        if (any.TypeUrl.Length == 0)
        {
            // Protobuf's JSON formatter would write an empty Any as {}, but JSON transcoding cannot write it at all.
            throw RpcErrors.InvalidField(
                path,
                $"The field `{path}` holds a google.protobuf.Any with no type URL; pack a message into it (a google.protobuf well-known type such as google.protobuf.Empty will do), or leave the field unset.");
        }

        var typeName = Any.GetTypeName(any.TypeUrl);
        var descriptor = ServedTypes.Registry.Find(typeName);
        if (descriptor is null)
        {
            throw RpcErrors.InvalidField(
                path,
                $"The field `{path}` holds a google.protobuf.Any of type '{ClientText.Prefix(any.TypeUrl)}', which this server cannot describe; pack a google.protobuf well-known type, a google.rpc error detail or a message of the served APIs.");
        }

        IMessage content;
        try
        {
            content = descriptor.Parser.ParseFrom(any.Value);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw RpcErrors.InvalidField(path, $"The field `{path}` holds a google.protobuf.Any whose value is not a {descriptor.FullName}: {exception.Message}");
        }

        Check(content, path, depth + 1);
    }

    private static void CheckTimestamp(Timestamp timestamp, string path)
    {
        if (timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || timestamp.Nanos is < 0 or >= Duration.NanosecondsPerSecond)
        {
            throw RpcErrors.InvalidField(
                path,
                $"The field `{path}` is not a valid google.protobuf.Timestamp: it must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, with nanos between 0 and 999999999; got seconds={timestamp.Seconds}, nanos={timestamp.Nanos}.");
        }
    }

    private static string Quote(object key) => "\"" + ClientText.Prefix(key.ToString() ?? string.Empty) + "\"";
}
