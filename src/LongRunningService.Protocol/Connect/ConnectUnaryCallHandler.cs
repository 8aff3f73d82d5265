using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using Google.Protobuf;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.CallHandlers;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Runs one Connect unary call: the body is the bare request message, in
/// protobuf binary or JSON, gzip-compressed when <c>Content-Encoding</c> says
/// so; it runs the method's unary invoker (the same service code and filters
/// gRPC runs) and answers 200 with the bare response message, gzipped when the
/// client accepts it and it is large enough, or Connect's JSON error.
/// </summary>
internal sealed class ConnectUnaryCallHandler(GrpcServerRuntime runtime, ConnectJsonCodec json, IOptions<RestTranscodingOptions> options)
{
    private readonly int? _gzipMinimumSize = options.Value.GzipMinimumSize;

    public async Task HandleCallAsync(HttpContext http, ServerCallHandler method, ConnectContentType contentType)
    {
        var startedAt = Stopwatch.GetTimestamp();
        using var call = new ConnectServerCallContext(http, method.Path, runtime);
        try
        {
            call.Initialize();
            var invoker = method.UnaryInvoker ?? throw ConnectProtocolErrors.StreamingMethod(method.Path);
            var body = await ReadBodyAsync(http, call.CancellationToken);
            var request = contentType.IsJson
                ? json.Parse(method.Method.InputType, new ReadOnlySequence<byte>(body))
                : ParseBinary(method, body);
            call.ResourceName = RequestResource.Describe(request);
            var response = await DeadlineBoundInvoker.InvokeAsync(invoker, request, call, call.DeadlineToken, call.CancelHandler);
            var payload = contentType.IsJson ? json.Serialize(response) : response.ToByteArray();
            if (runtime.Options.MaxSendMessageSize is { } limit && payload.Length > limit)
            {
                throw GrpcProtocolErrors.SendMessageTooLarge(payload.Length, limit);
            }

            call.WriteMetadataHeaders();
            await WriteResponseAsync(http, contentType, payload);
        }
        catch (Exception exception)
        {
            await call.ProcessErrorAsync(exception);
        }

        runtime.Observers.CallEnded(call, startedAt);
    }

    private static IMessage ParseBinary(ServerCallHandler method, byte[] body)
    {
        try
        {
            return MessageCodec.Parse(method.Method.InputType, new ReadOnlySequence<byte>(body));
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(Google.Rpc.Code.InvalidArgument, $"The request is not a valid {method.Method.InputType.FullName}.");
        }
    }

    // The whole body, inflated if gzip, within the limit gRPC puts on one message.
    private async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var encoding = http.Request.Headers.ContentEncoding.ToString();
        var gzip = string.Equals(encoding, GrpcHeaders.GzipEncoding, StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !string.Equals(encoding, GrpcHeaders.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            throw ConnectProtocolErrors.UnsupportedEncoding(encoding);
        }

        var limit = runtime.Options.MaxReceiveMessageSize;
        var source = gzip ? new GZipStream(http.Request.Body, CompressionMode.Decompress, leaveOpen: true) : http.Request.Body;
        await using (source)
        {
            using var content = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(chunk, cancellationToken);
                }
                catch (InvalidDataException)
                {
                    throw GrpcProtocolErrors.DecompressionFailed();
                }

                if (read == 0)
                {
                    return content.ToArray();
                }

                if (limit is { } max && content.Length + read > max)
                {
                    throw GrpcProtocolErrors.ReceiveMessageTooLarge(content.Length + read, max);
                }

                content.Write(chunk, 0, read);
            }
        }
    }

    private async Task WriteResponseAsync(HttpContext http, ConnectContentType contentType, byte[] payload)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType.MediaType;
        if (_gzipMinimumSize is { } minimum && payload.Length >= minimum)
        {
            response.Headers.Vary = "Accept-Encoding";
            if (RestResponseWriter.AcceptsGzip(http.Request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = GrpcHeaders.GzipEncoding;
                await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await gzip.WriteAsync(payload, http.RequestAborted);
                return;
            }
        }

        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload, http.RequestAborted);
    }
}
