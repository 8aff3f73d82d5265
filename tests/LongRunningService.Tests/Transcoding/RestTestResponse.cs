using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LongRunningService.Tests.Transcoding;

/// <summary>What a REST call brought back: status, headers and the body as sent (possibly compressed).</summary>
internal sealed record RestTestResponse(
    HttpStatusCode Status,
    Version Version,
    HttpResponseHeaders Headers,
    HttpContentHeaders ContentHeaders,
    byte[] RawBody)
{
    /// <summary>The JSON text: the body without the newline every JSON answer ends with.</summary>
    public string Body => Encoding.UTF8.GetString(RawBody is [.. var json, (byte)'\n'] ? json : RawBody);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The <c>error</c> object of Google's error envelope.</summary>
    public JsonElement Error => Json.GetProperty("error");
}
