using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Transcoding;

/// <summary>A plain HTTP client for the REST tests: JSON in and out, nothing of the server's code.</summary>
internal sealed class RestTestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Version _version;

    /// <summary>HTTP/1.1 by default, as Google's REST clients speak it; HTTP/2 is prior knowledge over cleartext.</summary>
    public RestTestClient(Uri baseAddress, Version? version = null)
    {
        _version = version ?? HttpVersion.Version11;
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = baseAddress,
            Timeout = TestTimeouts.Default,
        };
    }

    public Task<RestTestResponse> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, body: null, configure);

    public Task<RestTestResponse> DeleteAsync(string pathAndQuery) =>
        SendAsync(HttpMethod.Delete, pathAndQuery, body: null);

    public Task<RestTestResponse> PostAsync(string pathAndQuery, string? body, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, pathAndQuery, body, configure);

    /// <summary>Sends the path as given, escapes and all; a null body sends no body and no content type.</summary>
    public async Task<RestTestResponse> SendAsync(HttpMethod method, string pathAndQuery, string? body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, pathAndQuery))
        {
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        configure?.Invoke(request);
        using var response = await _http.SendAsync(request).DefaultTimeout();
        var bytes = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        return new RestTestResponse(response.StatusCode, response.Version, response.Headers, response.Content.Headers, bytes);
    }

    public void Dispose() => _http.Dispose();
}
