using Google.Rpc;
using LongRunningService.Contracts;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// The statuses the protocol layer itself answers with. Messages are full
/// sentences because they are what a user sees in their client's exception.
/// </summary>
internal static class GrpcProtocolErrors
{
    public static RpcException ReceiveMessageTooLarge(long size, int limit) =>
        new(Code.ResourceExhausted, $"Received message of {size} bytes exceeds the maximum receive message size of {limit} bytes.");

    public static RpcException DecompressionFailed() =>
        new(Code.Internal, "The request message could not be decompressed.");

    public static RpcException DeadlineExceeded() =>
        new(Code.DeadlineExceeded, "Deadline exceeded.");

    public static RpcException ServerShuttingDown() =>
        new(Code.Unavailable, "The server is shutting down.");

    public static RpcException CallCancelled() =>
        new(Code.Cancelled, "The call was cancelled.");

    public static RpcException UnknownService(string service) =>
        new(Code.Unimplemented, $"Unknown service '{ClientText.Prefix(service)}'.");

    public static RpcException UnknownMethod(string service, string method) =>
        new(Code.Unimplemented, $"Unknown method '{ClientText.Prefix(method)}' in service '{ClientText.Prefix(service)}'.");

    public static RpcException MethodNotImplemented(string fullMethod) =>
        new(Code.Unimplemented, $"Method '{ClientText.Prefix(fullMethod)}' is not implemented by this server.");

    public static RpcException UnhandledException(Exception? detail) =>
        new(Code.Internal, detail is null
            ? "The server failed while handling the call."
            : $"The server failed while handling the call: {detail.GetType().Name}: {detail.Message}");
}
