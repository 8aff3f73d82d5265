using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Reflection;

/// <summary>
/// The fully-qualified names a .proto file declares, as protobuf's descriptor
/// pool resolves them: services and their methods, messages (nested ones
/// included) with their fields and oneofs, enums with their values, and
/// extensions.
/// </summary>
internal static class DescriptorSymbols
{
    public static IEnumerable<string> Declared(FileDescriptor file)
    {
        foreach (var service in file.Services)
        {
            yield return service.FullName;
            foreach (var method in service.Methods)
            {
                yield return method.FullName;
            }
        }

        foreach (var message in MessageTypes(file))
        {
            yield return message.FullName;
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                yield return field.FullName;
            }

            foreach (var oneof in message.Oneofs)
            {
                yield return oneof.FullName;
            }
        }

        foreach (var enumType in EnumTypes(file))
        {
            yield return enumType.FullName;

            // Enum values are siblings of their enum (C++ scoping), not its children:
            // google.api.FieldBehavior.REQUIRED is spelled google.api.REQUIRED.
            var scope = enumType.ContainingType?.FullName ?? file.Package;
            foreach (var value in enumType.Values)
            {
                yield return scope.Length == 0 ? value.Name : $"{scope}.{value.Name}";
            }
        }

        foreach (var extension in Extensions(file))
        {
            yield return extension.FullName;
        }
    }

    /// <summary>Every message type of the file, nested ones after their parent.</summary>
    public static IEnumerable<MessageDescriptor> MessageTypes(FileDescriptor file) =>
        file.MessageTypes.SelectMany(Flatten);

    /// <summary>Every extension the file declares, at top level or inside a message.</summary>
    public static IEnumerable<FieldDescriptor> Extensions(FileDescriptor file) =>
        file.Extensions.UnorderedExtensions.Concat(MessageTypes(file).SelectMany(m => m.Extensions.UnorderedExtensions));

    private static IEnumerable<EnumDescriptor> EnumTypes(FileDescriptor file) =>
        file.EnumTypes.Concat(MessageTypes(file).SelectMany(m => m.EnumTypes));

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Flatten).Prepend(message);
}
