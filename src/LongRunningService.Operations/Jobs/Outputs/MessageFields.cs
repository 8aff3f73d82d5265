using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Operations.Jobs.Outputs;

/// <summary>Field access by descriptor, so one writer serves every API version of a message.</summary>
internal static class MessageFields
{
    public static IMessage New(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);

    /// <summary>The message in <paramref name="field"/>, created and set when unset.</summary>
    public static IMessage Child(IMessage parent, string field)
    {
        var descriptor = parent.Descriptor.FindFieldByName(field);
        if (descriptor.Accessor.GetValue(parent) is IMessage existing)
        {
            return existing;
        }

        var created = New(descriptor.MessageType);
        descriptor.Accessor.SetValue(parent, created);
        return created;
    }

    public static System.Collections.IList List(IMessage parent, string field) =>
        (System.Collections.IList)parent.Descriptor.FindFieldByName(field).Accessor.GetValue(parent);

    public static MessageDescriptor ElementType(MessageDescriptor parent, string field) =>
        parent.FindFieldByName(field).MessageType;

    public static void Set(IMessage message, string field, object value) =>
        message.Descriptor.FindFieldByName(field).Accessor.SetValue(message, value);

    public static void SetEnum(IMessage message, string field, string valueName)
    {
        var descriptor = message.Descriptor.FindFieldByName(field);
        var number = descriptor.EnumType.FindValueByName(valueName).Number;
        descriptor.Accessor.SetValue(message, System.Enum.ToObject(descriptor.EnumType.ClrType, number));
    }

    public static void SetTime(IMessage message, string field, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            Set(message, field, Timestamp.FromDateTimeOffset(value));
        }
    }
}
