using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// A method's <c>package.Service/Method</c> name, as fault rules and the call
/// journal name methods: built once per method rather than on every call.
/// </summary>
internal static class MethodPaths
{
    private static readonly ConcurrentDictionary<MethodDescriptor, string> Paths = new();

    public static string Of(MethodDescriptor method) =>
        Paths.GetOrAdd(method, static m => $"{m.Service.FullName}/{m.Name}");
}
