
namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Says which status a handler's failure of a kind the protocol layer does not know ends
/// with (the state store's, for one), instead of INTERNAL. Asked once per failure, in
/// registration order; the first answer wins.
/// </summary>
internal interface IFailureStatus
{
    /// <summary>The status <paramref name="exception"/> ends its call with, or null to leave it unknown.</summary>
    global::Grpc.Core.RpcException? StatusOf(Exception exception);
}
