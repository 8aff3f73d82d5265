using Google.Protobuf;
using Grpc.Core;
using LibraryException = Grpc.Core.RpcException;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// A <c>google.rpc.Status</c>, details and all, as Grpc.Core's exception carries
/// it: code and message in its status, the whole status in the
/// <c>grpc-status-details-bin</c> trailer when it has details; and back.
/// </summary>
internal static class RpcStatusExtensions
{
    /// <summary>The exception that ends a call with <paramref name="status"/>; its message is the status's.</summary>
    public static LibraryException ToRpcException(this RpcStatus status)
    {
        var trailers = Metadata.Empty;
        if (status.Details.Count > 0)
        {
            trailers = new Metadata { { GrpcHeaders.StatusDetails, status.ToByteArray() } };
        }

        return new LibraryException(new Status((StatusCode)status.Code, status.Message), trailers, status.Message);
    }

    /// <summary>The status an exception ends its call with: the one in its details trailer when readable, else its code and message.</summary>
    public static RpcStatus ToRpcStatus(this LibraryException exception)
    {
        if (exception.Trailers.GetValueBytes(GrpcHeaders.StatusDetails) is { } bytes)
        {
            try
            {
                return RpcStatus.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                // Unreadable details: the code and message stand on their own.
            }
        }

        return new RpcStatus { Code = (int)exception.StatusCode, Message = exception.Status.Detail };
    }
}
