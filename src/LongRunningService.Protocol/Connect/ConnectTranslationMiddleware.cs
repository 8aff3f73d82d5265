using System.Diagnostics;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RpcStatus = Google.Rpc.Status;
using LongRunningService.Contracts;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Serves the Connect protocol (connectrpc.com/docs/protocol) on the gRPC
/// endpoints, the way Grpc.AspNetCore.Web serves gRPC-Web: a Connect request
/// is restated as a gRPC request (its message enveloped, JSON read into the
/// method's message, its timeout and encoding as gRPC headers), the gRPC call
/// runs through the same pipeline, and what it writes is restated as Connect's
/// answer: for a unary call the bare message or the error JSON with its HTTP
/// status, for a stream the messages and an end-of-stream envelope.
/// </summary>
internal sealed class ConnectTranslationMiddleware(
    RequestDelegate next,
    GrpcMethodTable methods,
    GrpcServerRuntime runtime,
    ConnectJsonCodec json,
    IOptions<Transcoding.RestTranscodingOptions> options)
{
    private const string GrpcContentType = "application/grpc";
    private readonly int? _gzipMinimumSize = options.Value.GzipMinimumSize;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return next(context);
        }

        var contentType = ConnectContentType.Parse(request.ContentType);
        if (contentType is null)
        {
            return ConnectContentType.LooksLikeStreaming(request.ContentType)
                ? RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content type '{ClientText.Prefix(request.ContentType)}' is not supported; use application/connect+proto or application/connect+json.")
                : next(context);
        }

        var path = request.Path.Value ?? string.Empty;
        if (!contentType.IsStreaming && !ConnectProcedurePath.Matches(path))
        {
            return next(context); // a JSON POST to a REST path
        }

        return ServeAsync(context, contentType, path);
    }

    private async Task ServeAsync(HttpContext context, ConnectContentType contentType, string path)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var call = new ConnectCall(context, contentType);
        try
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null || !methods.TryGetHandler(path, out var handler))
            {
                throw methods.DescribeUnknownPath(path);
            }

            if (!contentType.IsStreaming && (handler.Method.IsClientStreaming || handler.Method.IsServerStreaming))
            {
                throw ConnectProtocolErrors.StreamingMethod(path);
            }

            RestateHeaders(context.Request);
            if (contentType.IsStreaming)
            {
                await RunStreamAsync(context, call, handler.Method);
            }
            else
            {
                await RunUnaryAsync(context, call, handler.Method);
            }
        }
        catch (RpcException refused)
        {
            // Refused before the gRPC call ran: the call gets its log line here.
            GrpcServerLog.CallFailed(runtime.Logger, path, refused.Code, refused.Status.Message);
            await call.FailAsync(refused.Status);
            runtime.Observers.CallEnded(new CallRecord("connect", path, refused.Code, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(context.Connection), null, MethodFound: false, Refused: true));
        }
    }

    // Connect's headers, restated in gRPC's words; a malformed one is the client's mistake.
    private static void RestateHeaders(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.TryGetValue(ConnectHeaders.ProtocolVersion, out var version) && version.ToString() != "1")
        {
            throw ConnectProtocolErrors.UnsupportedProtocolVersion(ClientText.Prefix(version.ToString()));
        }

        if (headers.TryGetValue(ConnectHeaders.Timeout, out var timeout))
        {
            if (!ConnectTimeout.TryParse(timeout.ToString(), out var milliseconds))
            {
                throw ConnectProtocolErrors.MalformedTimeout(ClientText.Prefix(timeout.ToString()));
            }

            if (milliseconds == 0)
            {
                throw GrpcProtocolErrors.DeadlineExceeded();
            }

            headers[GrpcHeaders.Timeout] = ConnectTimeout.ToGrpcTimeout(milliseconds);
        }

        if (headers.TryGetValue(ConnectHeaders.StreamContentEncoding, out var encoding))
        {
            headers[GrpcHeaders.Encoding] = encoding;
        }
    }

    private async Task RunUnaryAsync(HttpContext context, ConnectCall call, MethodDescriptor method)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var message = call.ContentType.IsJson ? json.Parse(method.InputType, new(body)).ToByteArray() : body;
        var envelope = new byte[ConnectResponseCapture.EnvelopeHeaderSize + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1), (uint)message.Length);
        message.CopyTo(envelope, ConnectResponseCapture.EnvelopeHeaderSize);
        context.Request.Headers.Remove("Content-Encoding");
        context.Request.ContentLength = envelope.Length;
        context.Request.Body = new MemoryStream(envelope, writable: false);
        context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));

        var capture = new ConnectResponseCapture(forward: null);
        await call.RunAsGrpcAsync(next, capture);

        var status = ConnectCallStatus.Take(capture.Trailers, context.Response.Headers, context.RequestAborted.IsCancellationRequested);
        if (status.Code != 0)
        {
            await call.FailAsync(status);
            return;
        }

        if (!ConnectResponseCapture.TryReadEnvelope(capture.Held, out _, out var payload, out _))
        {
            await call.FailAsync(GrpcProtocolErrors.UnhandledException(null).Status);
            return;
        }

        var bytes = call.ContentType.IsJson ? json.Serialize(method.OutputType.Parser.ParseFrom(payload.Span)) : payload.ToArray();
        await call.AnswerAsync(bytes, _gzipMinimumSize);
    }

    private async Task RunStreamAsync(HttpContext context, ConnectCall call, MethodDescriptor method)
    {
        if (call.ContentType.IsJson)
        {
            context.Request.Body = new ConnectJsonRequestStream(context.Request.Body, method.InputType, json);
            context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));
            context.Request.ContentLength = null;
        }

        var capture = new ConnectResponseCapture((flags, payload, token) =>
            call.ForwardAsync(flags, call.ContentType.IsJson ? json.Serialize(method.OutputType.Parser.ParseFrom(payload.Span)) : payload, token));
        await call.RunAsGrpcAsync(next, capture);
        var status = ConnectCallStatus.Take(capture.Trailers, context.Response.Headers, context.RequestAborted.IsCancellationRequested);
        await call.EndStreamAsync(status);
    }

    // The whole body, inflated if gzip, within the limit gRPC puts on one message.
    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = string.Equals(encoding, GrpcHeaders.GzipEncoding, StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !string.Equals(encoding, GrpcHeaders.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            throw ConnectProtocolErrors.UnsupportedEncoding(ClientText.Prefix(encoding));
        }

        var limit = runtime.Options.MaxReceiveMessageSize;
        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
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
                    // The size read so far, not the body's, which may go on for much longer.
                    throw GrpcProtocolErrors.ReceiveMessageTooLarge(content.Length + read, max);
                }

                content.Write(chunk, 0, read);
            }
        }
    }

    private Task RefuseAsync(HttpContext context, int statusCode, string reason)
    {
        GrpcServerLog.RequestRefused(runtime.Logger, context.Request.Path, ClientText.Prefix(context.Request.ContentType), reason);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
