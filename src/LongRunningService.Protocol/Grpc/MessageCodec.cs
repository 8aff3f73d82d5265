using System.Buffers;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Parses messages from sequences without copies, except for message types
/// that contain types generated before protobuf's buffer API existed.
/// Google.Api.CommonProtos 2.0.0 is such a package (google.rpc.Status has no
/// IBufferMessage), and the buffer API refuses those types; for them the codec
/// goes through byte arrays, which the older stream-based code path accepts.
/// </summary>
internal static class MessageCodec
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> NeedsArrays = new();

    public static IMessage Parse(MessageDescriptor type, ReadOnlySequence<byte> payload) =>
        UsesLegacyTypes(type) ? type.Parser.ParseFrom(payload.ToArray()) : type.Parser.ParseFrom(payload);

    // True when the type, or any message type it can contain, lacks the buffer API.
    private static bool UsesLegacyTypes(MessageDescriptor type) =>
        NeedsArrays.GetOrAdd(type, static t => Reaches(t, new HashSet<MessageDescriptor>()));

    private static bool Reaches(MessageDescriptor type, HashSet<MessageDescriptor> seen)
    {
        if (!seen.Add(type))
        {
            return false;
        }

        if (type.ClrType is { } clr && !typeof(IBufferMessage).IsAssignableFrom(clr))
        {
            return true;
        }

        foreach (var field in type.Fields.InDeclarationOrder())
        {
            // A map field is a repeated entry message, which the walk enters like any other.
            if (field.FieldType is FieldType.Message or FieldType.Group && Reaches(field.MessageType, seen))
            {
                return true;
            }
        }

        return false;
    }
}
