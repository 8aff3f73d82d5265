using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Tells a Connect unary request from a REST one: both may POST JSON, but a
/// Connect procedure path is <c>/{package.Service}/{Method}</c>, two segments
/// with a dot in the first, which no REST path is (its first segment is a version).
/// </summary>
internal static class ConnectProcedurePath
{
    public static bool Matches(string path)
    {
        var segments = path.Split('/');
        return segments.Length == 3 && segments[0].Length == 0 && segments[1].Contains('.', StringComparison.Ordinal)
            && segments[2].Length > 0 && !segments[2].Contains(':', StringComparison.Ordinal);
    }

    /// <summary>True for a POST of a Connect unary content type to a procedure path.</summary>
    public static bool IsUnaryCall(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && ConnectContentType.Parse(request.ContentType) is { IsStreaming: false }
        && Matches(request.Path.Value ?? string.Empty);
}
