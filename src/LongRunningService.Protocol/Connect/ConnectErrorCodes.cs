using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Connect's names for status codes: google.rpc.Code's names in lower case
/// (<c>not_found</c>), except that Connect spells CANCELLED <c>canceled</c>.
/// The HTTP status of a unary error is the same mapping REST uses.
/// </summary>
internal static class ConnectErrorCodes
{
    private static readonly FrozenDictionary<int, string> Names =
        CodeReflection.Descriptor.FindTypeByName<EnumDescriptor>("Code").Values
            .ToFrozenDictionary(v => v.Number, v => v.Number == (int)Code.Cancelled ? "canceled" : v.Name.ToLowerInvariant());

    /// <summary>The code's Connect name; <c>unknown</c> for numbers google.rpc.Code does not define.</summary>
    public static string ToName(int code) => Names.TryGetValue(code, out var name) ? name : Names[(int)Code.Unknown];
}
