using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Writes a JSON body, ended by a newline as a text answer should be (so a
/// terminal's prompt starts on its own line after <c>curl</c>): straight into the
/// response pipe with its length, or gzip-compressed when the client accepts
/// gzip and the body is large enough for compression to pay.
/// </summary>
internal static class RestResponseWriter
{
    public const string ContentType = "application/json; charset=UTF-8";
    private static readonly StringValues ContentTypeValue = new(ContentType);
    private static readonly StringValues GzipValue = new("gzip");
    private static readonly StringValues VaryValue = new("Accept-Encoding");
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static Task WriteAsync(HttpContext http, int statusCode, string json, int? gzipMinimumSize) =>
        WriteAsync(http, statusCode, Encoding.UTF8.GetBytes(json), gzipMinimumSize);

    /// <summary>Writes JSON already encoded as UTF-8 (a cached answer is written as it is, without copying).</summary>
    public static async Task WriteAsync(HttpContext http, int statusCode, ReadOnlyMemory<byte> utf8, int? gzipMinimumSize)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.Headers.ContentType = ContentTypeValue;
        if (gzipMinimumSize is { } minimum && utf8.Length >= minimum)
        {
            response.Headers.Vary = VaryValue;
            if (AcceptsGzip(http.Request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = GzipValue;
                await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await gzip.WriteAsync(utf8, http.RequestAborted);
                await gzip.WriteAsync(NewLine, http.RequestAborted);
                return;
            }
        }

        response.ContentLength = utf8.Length + NewLine.Length;
        response.BodyWriter.Write(utf8.Span);
        await response.BodyWriter.WriteAsync(NewLine, http.RequestAborted);
    }

    /// <summary>True when Accept-Encoding lists gzip (or *) without q=0 (RFC 9110, section 12.5.3).</summary>
    public static bool AcceptsGzip(StringValues acceptEncoding)
    {
        foreach (var header in acceptEncoding)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parameters = item.Split(';', StringSplitOptions.TrimEntries);
                if (!string.Equals(parameters[0], "gzip", StringComparison.OrdinalIgnoreCase) && parameters[0] != "*")
                {
                    continue;
                }

                var accepted = true;
                foreach (var parameter in parameters.AsSpan(1))
                {
                    if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(parameter.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var quality))
                    {
                        accepted = quality > 0;
                    }
                }

                return accepted;
            }
        }

        return false;
    }
}
