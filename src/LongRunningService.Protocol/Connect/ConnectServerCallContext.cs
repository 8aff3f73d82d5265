using System.Buffers;
using System.Text.Json;
using Google.Rpc;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// One Connect unary call as the services see it, over HTTP/1.1 or HTTP/2: a
/// deadline from <c>Connect-Timeout-Ms</c>, a token that fires on it, on the
/// client going away or on server shutdown, and headers as metadata. Every
/// failure reaches <see cref="ProcessErrorAsync"/>, which picks the status,
/// logs once and writes Connect's error: the code's HTTP status and a JSON body.
/// </summary>
internal sealed class ConnectServerCallContext : HttpServerCallContext
{

    public ConnectServerCallContext(HttpContext http, string method, GrpcServerRuntime runtime)
        : base(http, runtime)
    {
        Method = method;
    }

    public override string Method { get; }

    public override string Protocol => "connect";

    /// <summary>Checks the protocol version, reads the timeout and sets up the call's cancellation.</summary>
    public void Initialize()
    {
        var headers = Http.Request.Headers;
        if (headers.TryGetValue(ConnectHeaders.ProtocolVersion, out var version) && version.ToString() != "1")
        {
            throw ConnectProtocolErrors.UnsupportedProtocolVersion(version.ToString());
        }

        if (!headers.TryGetValue(ConnectHeaders.Timeout, out var timeoutHeader))
        {
            return;
        }

        if (!ConnectTimeout.TryParse(timeoutHeader.ToString(), out var milliseconds))
        {
            throw ConnectProtocolErrors.MalformedTimeout(timeoutHeader.ToString());
        }

        if (milliseconds == 0)
        {
            throw GrpcProtocolErrors.DeadlineExceeded();
        }

        StartDeadline(TimeSpan.FromMilliseconds(milliseconds));
    }

    /// <summary>Response metadata as headers; trailing metadata with Connect's <c>trailer-</c> prefix.</summary>
    public void WriteMetadataHeaders()
    {
        var headers = Http.Response.Headers;
        if (SetResponseHeaders is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(SetResponseHeaders, headers);
        }

        foreach (var entry in SetResponseTrailers ?? [])
        {
            headers.Append(ConnectHeaders.TrailerPrefix + entry.Key, GrpcMetadataConverter.EncodeValue(entry));
        }
    }

    /// <summary>The error funnel: maps any failure of the call to a status, logs once and writes Connect's error.</summary>
    public Task ProcessErrorAsync(Exception exception)
    {
        if (ErrorResponseStatus(exception) is not { } status)
        {
            return Task.CompletedTask;
        }

        WriteMetadataHeaders();
        return WriteErrorAsync(Http, status);
    }

    /// <summary>Writes a status as a unary Connect error: the code's HTTP status and the JSON error object.</summary>
    public static Task WriteErrorAsync(HttpContext http, RpcStatus status, int? httpStatus = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ConnectErrorJson.WriterOptions))
        {
            ConnectErrorJson.Write(writer, status);
        }

        var response = http.Response;
        response.StatusCode = httpStatus ?? HttpStatusMapping.ToHttpStatus((Code)status.Code);
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).AsTask();
    }
}
