using Grpc.Core;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>A failed call's status as the tests compare it: google.rpc's codes, and the rich status in the trailers.</summary>
internal static class RpcExceptionExtensions
{
    public static Google.Rpc.Code Code(this RpcException exception) => (Google.Rpc.Code)exception.StatusCode;

    /// <summary>The <c>grpc-status-details-bin</c> trailer, read as the google.rpc.Status it carries; null when absent.</summary>
    public static Google.Rpc.Status? StatusDetails(this RpcException exception) =>
        exception.Trailers.GetValueBytes("grpc-status-details-bin") is { } bytes ? Google.Rpc.Status.Parser.ParseFrom(bytes) : null;
}
