using Google.Rpc;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// A refusal of the protocol layer itself (a Connect or REST request it cannot
/// pass on), with the status the client gets. Handlers throw Grpc.Core's
/// <see cref="global::Grpc.Core.RpcException"/> instead.
/// </summary>
internal sealed class RpcException : Exception
{
    public RpcException(RpcStatus status)
        : base(status.Message)
    {
        Status = status;
    }

    public RpcException(Code code, string message)
        : this(new RpcStatus { Code = (int)code, Message = message })
    {
    }

    public RpcStatus Status { get; }

    public Code Code => (Code)Status.Code;
}
