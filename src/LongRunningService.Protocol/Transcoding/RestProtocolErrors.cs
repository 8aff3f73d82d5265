using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Grpc;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The statuses the REST layer answers with before or after a method runs.
/// Wordings for JSON and query problems follow Google's servers ("Invalid JSON
/// payload received. Unknown name …"), since that is what users search for;
/// problems tied to one field carry a BadRequest naming it.
/// </summary>
internal static class RestProtocolErrors
{
    public static RpcException NoRoute(string path) =>
        new(Code.NotFound, $"No method is bound to the path '{ClientText.Prefix(path)}'.");

    /// <summary>
    /// Sent with HTTP 405. gRPC has no "wrong method" code; UNIMPLEMENTED is what
    /// it answers for a method it does not have, and what clients reading the
    /// envelope's <c>status</c> then see.
    /// </summary>
    public static RpcException MethodNotAllowed(string httpMethod, string path, IEnumerable<string> allowed) =>
        new(Code.Unimplemented, $"The path '{ClientText.Prefix(path)}' does not take {httpMethod}; it takes {string.Join(", ", allowed)}.");

    public static RpcException InvalidJson(string detail) =>
        new(Code.InvalidArgument, $"Invalid JSON payload received. {detail}");

    public static RpcException UnknownJsonField(string name) =>
        InvalidField(name, $"Invalid JSON payload received. Unknown name \"{ClientText.Prefix(name)}\": Cannot find field.");

    public static RpcException UnknownQueryParameter(string name) =>
        InvalidField(name, $"Invalid JSON payload received. Unknown name \"{ClientText.Prefix(name)}\": Cannot bind query parameter. Field '{ClientText.Prefix(name)}' could not be found in request message.");

    public static RpcException UnsupportedQueryParameter(string name, string reason) =>
        InvalidField(name, $"Query parameter '{ClientText.Prefix(name)}' cannot be bound: {reason}.");

    public static RpcException InvalidSystemParameter(string name, string value, string expected) =>
        InvalidField(name, $"Invalid value '{ClientText.Prefix(value)}' for system parameter '{name}': {expected}.");

    public static RpcException InvalidServerTimeout(string value) =>
        new(Code.InvalidArgument, $"Invalid X-Server-Timeout header '{ClientText.Prefix(value)}': expected a positive number of seconds.");

    private static RpcException InvalidField(string field, string message) =>
        new(new RpcStatus
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations = { new BadRequest.Types.FieldViolation { Field = ClientText.Prefix(field), Description = message } },
                }),
            },
        });
}
