using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Grpc;

/// <summary>Log events of a call on any protocol (gRPC, gRPC-Web, Connect, REST), with fixed event IDs.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "Call {Method} ended with {StatusCode}: {StatusMessage}")]
    public static partial void CallFailed(ILogger logger, string method, Google.Rpc.Code statusCode, string statusMessage);

    [LoggerMessage(2, LogLevel.Error, "Call {Method} failed with an unhandled exception")]
    public static partial void UnhandledException(ILogger logger, string method, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Call {Method} ended because the client went away")]
    public static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Call {Method} passed its deadline")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Information, "Request {Path} with content type {ContentType} refused: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string path, string? contentType, string reason);
}
