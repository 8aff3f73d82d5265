using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// The resource a request is about, by Google's API conventions (AIP-131/132):
/// its <c>name</c> field, else its <c>parent</c> field, when either is a non-empty string.
/// </summary>
internal static class RequestResource
{
    public static string? Describe(IMessage request)
    {
        var descriptor = request.Descriptor;
        return Read(request, descriptor.FindFieldByName("name")) ?? Read(request, descriptor.FindFieldByName("parent"));
    }

    private static string? Read(IMessage request, FieldDescriptor? field) =>
        field is { FieldType: FieldType.String, IsRepeated: false } && field.Accessor.GetValue(request) is string { Length: > 0 } value
            ? value
            : null;
}
