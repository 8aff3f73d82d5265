using System.Globalization;
using Google.Rpc;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// The status a gRPC call ended with, read back from what Grpc.AspNetCore
/// wrote: the trailers, or the headers of a trailers-only answer; with its
/// details from <c>grpc-status-details-bin</c>, and without those headers.
/// </summary>
internal static class ConnectCallStatus
{
    private static readonly string[] StatusHeaders = [GrpcHeaders.Status, GrpcHeaders.Message, GrpcHeaders.StatusDetails];

    public static RpcStatus Take(IHeaderDictionary trailers, IHeaderDictionary headers, bool clientLeft)
    {
        var source = trailers.ContainsKey(GrpcHeaders.Status) ? trailers : headers;
        var codeText = source[GrpcHeaders.Status].ToString();
        RpcStatus status;
        if (source[GrpcHeaders.StatusDetails].ToString() is { Length: > 0 } details
            && GrpcMetadataConverter.TryDecodeBinary(details, out var bytes))
        {
            status = RpcStatus.Parser.ParseFrom(bytes);
        }
        else
        {
            var code = int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : (int)(clientLeft ? Code.Cancelled : Code.Unknown);
            status = new RpcStatus { Code = code, Message = GrpcStatusMessage.Decode(source[GrpcHeaders.Message].ToString()) };
        }

        foreach (var name in StatusHeaders)
        {
            trailers.Remove(name);
            if (!headers.IsReadOnly)
            {
                headers.Remove(name);
            }
        }

        return status;
    }
}
