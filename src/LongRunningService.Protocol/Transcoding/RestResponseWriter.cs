using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Writes a JSON body: straight into the response pipe with its length, or
/// gzip-compressed when the client accepts gzip and the body is large enough
/// for compression to pay.
/// </summary>
internal static class RestResponseWriter
{
    public const string ContentType = "application/json; charset=UTF-8";
    private static readonly StringValues ContentTypeValue = new(ContentType);
    private static readonly StringValues GzipValue = new("gzip");
    private static readonly StringValues VaryValue = new("Accept-Encoding");

    public static async Task WriteAsync(HttpContext http, int statusCode, string json, int? gzipMinimumSize)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.Headers.ContentType = ContentTypeValue;
        var length = Encoding.UTF8.GetByteCount(json);
        if (gzipMinimumSize is { } minimum && length >= minimum)
        {
            response.Headers.Vary = VaryValue;
            if (AcceptsGzip(http.Request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = GzipValue;
                await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await gzip.WriteAsync(Encoding.UTF8.GetBytes(json), http.RequestAborted);
                return;
            }
        }

        response.ContentLength = length;
        Encoding.UTF8.GetBytes(json, response.BodyWriter);
        await response.BodyWriter.FlushAsync(http.RequestAborted);
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
