using Google.Rpc;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Thrown by handlers (and by the protocol layer itself) to end a call with a
/// status. The status may carry typed details; every transport renders it in
/// its own way (gRPC trailers, gRPC-Web trailer frame, REST error JSON).
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
