using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// The resource a request is about, by Google's API conventions (AIP-131/132):
/// its <c>name</c> field, else its <c>parent</c> field, when either is a non-empty
/// string. The fields are looked up once per message type, not on every call.
/// </summary>
internal static class RequestResource
{
    private static readonly ConcurrentDictionary<MessageDescriptor, (FieldDescriptor? Name, FieldDescriptor? Parent)> Fields = new();

    public static string? Describe(IMessage request)
    {
        var (name, parent) = Fields.GetOrAdd(request.Descriptor, static d => (StringField(d, "name"), StringField(d, "parent")));
        return Read(request, name) ?? Read(request, parent);
    }

    private static FieldDescriptor? StringField(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field ? field : null;

    private static string? Read(IMessage request, FieldDescriptor? field) =>
        field?.Accessor.GetValue(request) is string { Length: > 0 } value ? value : null;
}
