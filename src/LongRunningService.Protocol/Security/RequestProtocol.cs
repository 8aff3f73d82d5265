using LongRunningService.Protocol.Connect;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Security;

/// <summary>Which protocol a request speaks, so a refusal reaches the client in the shape it reads.</summary>
internal static class RequestProtocol
{
    public const string Grpc = "grpc";
    public const string GrpcWeb = "grpc-web";
    public const string Connect = "connect";
    public const string Rest = "rest";

    public static string Of(HttpRequest request)
    {
        var contentType = request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            return GrpcWeb;
        }

        if (GrpcHeaders.LooksLikeGrpc(contentType))
        {
            return Grpc;
        }

        return ConnectContentType.LooksLikeStreaming(contentType)
            || request.Headers.ContainsKey("Connect-Protocol-Version")
            || ConnectProcedurePath.IsUnaryCall(request)
            ? Connect
            : Rest;
    }
}
