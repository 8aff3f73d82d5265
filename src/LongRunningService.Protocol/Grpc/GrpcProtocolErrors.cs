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

    public static RpcException SendMessageTooLarge(int size, int limit) =>
        new(Code.ResourceExhausted, $"Response message of {size} bytes exceeds the maximum send message size of {limit} bytes.");

    public static RpcException InvalidCompressionFlag(byte flag) =>
        new(Code.Internal, $"Invalid compressed-flag {flag} in a message header; expected 0 or 1.");

    public static RpcException CompressedWithoutEncoding() =>
        new(Code.Internal, "A message is flagged as compressed but the request's grpc-encoding is identity or missing.");

    public static RpcException UnsupportedEncoding(string encoding) =>
        new(Code.Unimplemented, $"Unsupported grpc-encoding '{ClientText.Prefix(encoding)}'. Supported encodings: {GrpcHeaders.SupportedEncodings}.");

    public static RpcException DecompressionFailed() =>
        new(Code.Internal, "The request message could not be decompressed.");

    public static RpcException DeserializationFailed(string messageType) =>
        new(Code.Internal, $"The request message is not a valid {messageType}.");

    public static RpcException IncompleteMessage() =>
        new(Code.Internal, "The request ended in the middle of a message.");

    public static RpcException MissingRequestMessage() =>
        new(Code.Internal, "The request ended before a message was received.");

    public static RpcException AdditionalRequestData() =>
        new(Code.Internal, "The request carries data after the single message this unary method takes.");

    public static RpcException MalformedTimeout(string value) =>
        new(Code.Internal, $"Malformed grpc-timeout '{ClientText.Prefix(value)}': expected 1 to 8 digits followed by a unit (H, M, S, m, u or n).");

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
