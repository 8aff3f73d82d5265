using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// google.rpc.Code to HTTP status, as google/rpc/code.proto documents each code
/// (CANCELLED is nginx's 499 "client closed request"), and the code's name for
/// the <c>status</c> of Google's error envelope. The one place this mapping lives.
/// </summary>
internal static class HttpStatusMapping
{
    // From the enum's descriptor, not retyped: the descriptor is the source of truth for names.
    private static readonly FrozenDictionary<int, string> StatusNames =
        CodeReflection.Descriptor.FindTypeByName<EnumDescriptor>("Code").Values.ToFrozenDictionary(v => v.Number, v => v.Name);

    public static int ToHttpStatus(Code code) => code switch
    {
        Code.Ok => 200,
        Code.Cancelled => 499,
        Code.Unknown => 500,
        Code.InvalidArgument => 400,
        Code.DeadlineExceeded => 504,
        Code.NotFound => 404,
        Code.AlreadyExists => 409,
        Code.PermissionDenied => 403,
        Code.ResourceExhausted => 429,
        Code.FailedPrecondition => 400,
        Code.Aborted => 409,
        Code.OutOfRange => 400,
        Code.Unimplemented => 501,
        Code.Internal => 500,
        Code.Unavailable => 503,
        Code.DataLoss => 500,
        Code.Unauthenticated => 401,
        _ => 500,
    };

    /// <summary>The code's name in google/rpc/code.proto, e.g. <c>NOT_FOUND</c>; <c>UNKNOWN</c> for numbers it does not define.</summary>
    public static string ToStatusName(Code code) =>
        StatusNames.TryGetValue((int)code, out var name) ? name : StatusNames[(int)Code.Unknown];
}
