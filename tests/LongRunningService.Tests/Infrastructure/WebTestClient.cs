using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// A plain HttpClient for gRPC-Web, Connect and CORS tests, pinned to one HTTP
/// version (1.1 or 2 with prior knowledge), and helpers that read the
/// envelopes of gRPC-Web and Connect bodies by hand.
/// </summary>
internal sealed class WebTestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Version _version;

    public WebTestClient(Uri baseAddress, Version version)
    {
        _version = version;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TestTimeouts.Default };
    }

    public static IEnumerable<object[]> Versions => [["1.1"], ["2.0"]];

    public async Task<WebTestResponse> PostAsync(string path, string contentType, HttpContent content, Action<HttpRequestMessage>? configure = null)
    {
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        configure?.Invoke(request);
        return await SendAsync(request);
    }

    public async Task<WebTestResponse> SendAsync(HttpRequestMessage request)
    {
        request.Version = _version;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var response = await _http.SendAsync(request).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
        return new WebTestResponse(response.StatusCode, response.Version, headers, body);
    }

    /// <summary>Splits a body into (flags, payload) envelopes, failing on a partial one.</summary>
    public static List<(byte Flags, byte[] Payload)> Envelopes(byte[] body)
    {
        var envelopes = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < body.Length)
        {
            Assert.True(body.Length - offset >= 5, "partial envelope header");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            envelopes.Add((body[offset], body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return envelopes;
    }

    /// <summary>The <c>name: value\r\n</c> lines of a gRPC-Web trailers frame.</summary>
    public static Dictionary<string, string> TrailerLines(byte[] payload) =>
        Encoding.ASCII.GetString(payload)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    public void Dispose() => _http.Dispose();
}

/// <summary>What a <see cref="WebTestClient"/> call got back.</summary>
internal sealed record WebTestResponse(HttpStatusCode Status, Version Version, Dictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string Text => Encoding.UTF8.GetString(Body);
}
