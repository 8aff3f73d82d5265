using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LongRunningService.Robustness;

/// <summary>
/// Raw clients: gRPC as HTTP/2 prior knowledge with hand-made framing, and
/// REST as HTTP/1.1 JSON. Every request has a timeout; a request that outlives
/// it is answered as timed out, which the checks count as a hang.
/// </summary>
internal sealed class Wire : IDisposable
{
    private readonly HttpClient _h2;
    private readonly HttpClient _h1;

    public Wire(Uri address, TimeSpan timeout)
    {
        Address = address;
        Timeout = timeout;
        _h2 = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _h1 = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 })
        {
            BaseAddress = address,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Address { get; }

    public TimeSpan Timeout { get; }

    /// <summary>One unary gRPC call: <paramref name="message"/> in one frame (or <paramref name="rawBody"/> as it is).</summary>
    public async Task<Answer> GrpcAsync(string path, byte[] message, string? grpcTimeout = "5S", byte[]? rawBody = null, IEnumerable<(string, string)>? headers = null)
    {
        var body = rawBody ?? Frame(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (grpcTimeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", grpcTimeout);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await _h2.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var payload = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = Header(response.Headers, "grpc-status") ?? Header(response.TrailingHeaders, "grpc-status");
            var text = Header(response.Headers, "grpc-message") ?? Header(response.TrailingHeaders, "grpc-message") ?? string.Empty;
            return new Answer("grpc", (int)response.StatusCode, int.TryParse(status, out var code) ? code : null, Uri.UnescapeDataString(text), Unframe(payload));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Answer("grpc", 0, null, "timed out", []) { TimedOut = true };
        }
        catch (HttpRequestException exception)
        {
            return new Answer("grpc", 0, null, "connection failed: " + exception.Message, []);
        }
    }

    /// <summary>One REST call; the status is read from Google's error envelope when there is one.</summary>
    public async Task<Answer> RestAsync(HttpMethod method, string pathAndQuery, string? json = null, string contentType = "application/json")
    {
        if (!Uri.TryCreate(pathAndQuery, UriKind.Relative, out var target) || pathAndQuery.StartsWith("//", StringComparison.Ordinal))
        {
            return Unsendable("rest");
        }

        using var request = new HttpRequestMessage(method, target) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await _h1.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var http = (int)response.StatusCode;
            var (code, message) = http == 200 ? (0, string.Empty) : ErrorOf(body);
            return new Answer("rest", http, code, message, body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Answer("rest", 0, null, "timed out", []) { TimedOut = true };
        }
        catch (HttpRequestException exception)
        {
            return new Answer("rest", 0, null, "connection failed: " + exception.Message, []);
        }
        catch (Exception exception) when (exception is UriFormatException or InvalidOperationException or FormatException)
        {
            return Unsendable("rest");
        }
    }

    /// <summary>A Connect unary call with a JSON body (the same path as gRPC).</summary>
    public async Task<Answer> ConnectJsonAsync(string path, string json)
    {
        var answer = await RestAsync(HttpMethod.Post, path, json);
        if (answer.HttpStatus == 200 || answer.TimedOut || answer.Body.Length == 0)
        {
            return answer with { Transport = "connect" };
        }

        // Connect's error body: {"code":"invalid_argument","message":"…"}.
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            var name = document.RootElement.GetProperty("code").GetString() ?? string.Empty;
            var code = Array.IndexOf(Answer.CodeNames, name.ToUpperInvariant());
            var message = document.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            return answer with { Transport = "connect", GrpcStatus = code >= 0 ? code : null, Message = message };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return answer with { Transport = "connect", GrpcStatus = null };
        }
    }

    // A request HttpClient itself refuses to send (e.g. a path it cannot parse): no case for the server.
    private static Answer Unsendable(string transport) => new(transport, -1, 0, "not sendable", []) { Unsendable = true };

    public void Dispose()
    {
        _h2.Dispose();
        _h1.Dispose();
    }

    public static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    // The first message of a gRPC response body, or nothing.
    private static byte[] Unframe(byte[] body)
    {
        if (body.Length < 5)
        {
            return [];
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        return length <= body.Length - 5 ? body.AsSpan(5, (int)length).ToArray() : [];
    }

    private static (int? Code, string Message) ErrorOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var error = document.RootElement.GetProperty("error");
            var name = error.TryGetProperty("status", out var status) ? status.GetString() ?? string.Empty : string.Empty;
            var code = Array.IndexOf(Answer.CodeNames, name);
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            return (code >= 0 ? code : null, message);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200))));
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
