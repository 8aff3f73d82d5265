using System.Collections.Concurrent;
using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Looks fields up by the names REST clients use in query strings: the JSON
/// name (<c>pageSize</c>, what Google's clients send) or the proto name
/// (<c>page_size</c>). Each message type's table is built once, on first use.
/// </summary>
internal static class RestFieldNames
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FrozenDictionary<string, FieldDescriptor>> Tables = new();

    public static FieldDescriptor? Find(MessageDescriptor type, string name) =>
        Tables.GetOrAdd(type, Build).GetValueOrDefault(name);

    private static FrozenDictionary<string, FieldDescriptor> Build(MessageDescriptor type)
    {
        var names = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            names.TryAdd(field.JsonName, field);
            names.TryAdd(field.Name, field);
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
