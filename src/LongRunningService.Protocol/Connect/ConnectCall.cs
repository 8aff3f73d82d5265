using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// One Connect call on its way through the gRPC pipeline: runs the gRPC call
/// with the request dressed as gRPC and the response captured, then writes
/// Connect's answer on the real response.
/// </summary>
internal sealed class ConnectCall(HttpContext context, ConnectContentType contentType)
{
    private const byte EndStreamFlag = 0x02;
    private readonly IHttpResponseBodyFeature _body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
    private readonly ServedCallFeature _served = new("connect", holdsTrailers: true);
    private string? _protocol;

    public ConnectContentType ContentType { get; } = contentType;

    /// <summary>Runs the rest of the pipeline as a gRPC call whose response goes into <paramref name="capture"/>.</summary>
    public async Task RunAsGrpcAsync(RequestDelegate next, ConnectResponseCapture capture)
    {
        var request = context.Request;
        var features = context.Features;
        var trailers = features.Get<IHttpResponseTrailersFeature>();
        var contentTypeHeader = request.ContentType;
        _protocol = request.Protocol;

        // Grpc.AspNetCore takes only HTTP/2; the protocol goes back before anything is written.
        request.Protocol = HttpProtocol.Http2;
        request.ContentType = "application/grpc";
        features.Set<IHttpResponseBodyFeature>(capture);
        features.Set<IHttpResponseTrailersFeature>(capture);
        features.Set(_served);
        var reset = features.Get<IHttpResetFeature>();
        features.Set<IHttpResetFeature>(NoReset.Instance); // a deadline ends the call with a Connect answer, not a reset stream
        try
        {
            await next(context);
        }
        finally
        {
            RestoreProtocol();
            request.ContentType = contentTypeHeader;
            features.Set(_body);
            features.Set(trailers);
            features.Set(reset);
        }
    }

    /// <summary>Sends one message of a stream on at once.</summary>
    public async ValueTask ForwardAsync(byte flags, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        PrepareStreamHeaders();
        var writer = _body.Writer;
        var span = writer.GetSpan(ConnectResponseCapture.EnvelopeHeaderSize);
        span[0] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)payload.Length);
        writer.Advance(ConnectResponseCapture.EnvelopeHeaderSize);
        await writer.WriteAsync(payload, cancellationToken);
    }

    /// <summary>Ends a stream: the end-of-stream envelope, with the error and the trailing metadata.</summary>
    public async Task EndStreamAsync(RpcStatus status)
    {
        PrepareStreamHeaders();
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, ConnectErrorJson.WriterOptions))
        {
            json.WriteStartObject();
            if (status.Code != 0)
            {
                json.WritePropertyName("error");
                ConnectErrorJson.Write(json, status);
            }

            if (_served.Trailers is { Count: > 0 } metadata)
            {
                json.WriteStartObject("metadata");
                foreach (var group in metadata.GroupBy(e => e.Key))
                {
                    json.WriteStartArray(group.Key);
                    foreach (var entry in group)
                    {
                        json.WriteStringValue(GrpcMetadataConverter.EncodeValue(entry).ToString());
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        await ForwardAsync(EndStreamFlag, buffer.WrittenMemory, context.RequestAborted);
        await _body.Writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Answers a unary call: the bare message, gzipped when the client takes it and it is large enough.</summary>
    public async Task AnswerAsync(byte[] payload, int? gzipMinimumSize)
    {
        var response = context.Response;
        PrepareUnaryHeaders();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType.MediaType;
        var body = _body.Stream;
        if (gzipMinimumSize is { } minimum && payload.Length >= minimum)
        {
            response.Headers.Vary = "Accept-Encoding";
            if (RestResponseWriter.AcceptsGzip(context.Request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = GrpcHeaders.GzipEncoding;
                await using var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
                await gzip.WriteAsync(payload, context.RequestAborted);
                return;
            }
        }

        response.ContentLength = payload.Length;
        await body.WriteAsync(payload, context.RequestAborted);
    }

    /// <summary>Ends the call with a status: a unary error with its HTTP status, or a stream's last envelope.</summary>
    public Task FailAsync(RpcStatus status)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        if (ContentType.IsStreaming)
        {
            return EndStreamAsync(status);
        }

        PrepareUnaryHeaders();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ConnectErrorJson.WriterOptions))
        {
            ConnectErrorJson.Write(writer, status);
        }

        var response = context.Response;
        response.StatusCode = HttpStatusMapping.ToHttpStatus((Google.Rpc.Code)status.Code);
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        return _body.Stream.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    private void PrepareStreamHeaders()
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        RestoreProtocol();
        var response = context.Response;
        RemoveGrpcHeaders(response.Headers);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType.MediaType;
    }

    // Unary answers carry trailing metadata as headers named with Connect's prefix.
    private void PrepareUnaryHeaders()
    {
        var headers = context.Response.Headers;
        RemoveGrpcHeaders(headers);
        foreach (var entry in _served.Trailers ?? [])
        {
            headers.Append(ConnectHeaders.TrailerPrefix + entry.Key, GrpcMetadataConverter.EncodeValue(entry));
        }
    }

    private static void RemoveGrpcHeaders(IHeaderDictionary headers)
    {
        headers.Remove(GrpcHeaders.Encoding);
        headers.Remove("grpc-accept-encoding");
        headers.ContentType = default;
    }

    private sealed class NoReset : IHttpResetFeature
    {
        public static readonly NoReset Instance = new();

        public void Reset(int errorCode)
        {
        }
    }

    private void RestoreProtocol()
    {
        if (_protocol is not null)
        {
            context.Request.Protocol = _protocol;
        }
    }
}
