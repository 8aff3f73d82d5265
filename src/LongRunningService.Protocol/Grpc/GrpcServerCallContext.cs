using Google.Protobuf;
using Google.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Primitives;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// One gRPC call over HTTP/2: parses the call's headers, owns its cancellation,
/// writes its messages and, in one place, its status. Every failure of a call
/// reaches <see cref="ProcessError"/>, which picks the status, logs once and
/// writes it as trailers, or as a trailers-only response when no message went out.
/// A <see cref="GrpcCallTransport"/> in the request's features (gRPC-Web,
/// Connect streaming) names the protocol and writes the status into the body.
/// </summary>
internal sealed class GrpcServerCallContext : HttpServerCallContext
{
    private static readonly StringValues ContentTypeValue = new(GrpcHeaders.ContentType);
    private static readonly StringValues AcceptEncodingValue = new(GrpcHeaders.SupportedEncodings);
    private static readonly StringValues StatusOk = new("0");

    private readonly GrpcCallTransport? _transport;
    private readonly object _writeLock = new();
    private bool _responseStarted;
    private bool _completed;

    public GrpcServerCallContext(HttpContext http, string method, GrpcServerRuntime runtime)
        : base(http, runtime)
    {
        _transport = http.Features.Get<GrpcCallTransport>();
        Method = method;
    }

    public override string Method { get; }

    public override string Protocol => _transport?.Protocol ?? "grpc";

    /// <summary>True when requests arrive gzip-compressed.</summary>
    public bool RequestIsGzip { get; private set; }

    public System.IO.Pipelines.PipeReader RequestBody => Http.Request.BodyReader;

    /// <summary>The transport's payload codec, or null for protobuf binary.</summary>
    public IMessagePayloadCodec? PayloadCodec => _transport?.PayloadCodec;

    /// <summary>Reads encoding and timeout headers and sets up the call's cancellation.</summary>
    public void Initialize(bool clientStreams)
    {
        // gRPC bounds each message (MaxReceiveMessageSize), not the whole stream.
        if (Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        // A client stream may rightly stay quiet for a long time; Kestrel's minimum data rate would abort it.
        if (clientStreams && Http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        var headers = Http.Request.Headers;
        var encoding = headers[GrpcHeaders.Encoding];
        if (!StringValues.IsNullOrEmpty(encoding))
        {
            var value = encoding.ToString();
            if (string.Equals(value, GrpcHeaders.GzipEncoding, StringComparison.Ordinal))
            {
                RequestIsGzip = true;
            }
            else if (!string.Equals(value, GrpcHeaders.IdentityEncoding, StringComparison.Ordinal))
            {
                throw GrpcProtocolErrors.UnsupportedEncoding(value);
            }
        }

        var timeoutHeader = headers[GrpcHeaders.Timeout];
        if (StringValues.IsNullOrEmpty(timeoutHeader))
        {
            // Without a deadline the call's token is made when the handler first asks: most never do.
            return;
        }

        var text = timeoutHeader.ToString();
        if (!GrpcTimeout.TryParse(text, out var timeout))
        {
            throw GrpcProtocolErrors.MalformedTimeout(text);
        }

        if (timeout <= TimeSpan.Zero)
        {
            throw GrpcProtocolErrors.DeadlineExceeded();
        }

        StartDeadline(timeout);
    }

    /// <summary>Frames and buffers one response message; returns false once the call has its status.</summary>
    public bool WriteMessage(IMessage message)
    {
        var encoded = _transport?.PayloadCodec?.Serialize(message);
        var size = encoded?.Length ?? message.CalculateSize();
        if (Runtime.Options.MaxSendMessageSize is { } limit && size > limit)
        {
            throw GrpcProtocolErrors.SendMessageTooLarge(size, limit);
        }

        lock (_writeLock)
        {
            if (_completed)
            {
                return false;
            }

            StartResponse();
            var writer = Http.Response.BodyWriter;
            var span = writer.GetSpan(GrpcFrame.HeaderSize + size);
            GrpcFrame.WriteHeader(span, size);
            if (encoded is null)
            {
                MessageCodec.WriteTo(message, span.Slice(GrpcFrame.HeaderSize, size));
            }
            else
            {
                encoded.CopyTo(span[GrpcFrame.HeaderSize..]);
            }

            writer.Advance(GrpcFrame.HeaderSize + size);
            return true;
        }
    }

    public ValueTask<System.IO.Pipelines.FlushResult> FlushAsync(CancellationToken cancellationToken) =>
        Http.Response.BodyWriter.FlushAsync(cancellationToken);

    /// <summary>Ends the call with OK.</summary>
    public void Complete()
    {
        lock (_writeLock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            // A streaming call that sent no message still ends with headers, then trailers.
            StartResponse();

            WriteStatusCore(code: 0, message: null, details: null, statusOk: true);
        }
    }

    /// <summary>The error funnel: maps any failure of the call to a status, logs once and sends it.</summary>
    public void ProcessError(Exception exception)
    {
        var status = FailureStatus(exception);
        if (status is null)
        {
            // The client reset the stream or went away: nobody is left to read a status.
            MarkCompleted();
            return;
        }

        lock (_writeLock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            StatusCode = (Code)status.Code;
            WriteStatusCore(status.Code, status.Message, status.Details.Count > 0 ? status : null, statusOk: false);
        }
    }

    private void MarkCompleted()
    {
        lock (_writeLock)
        {
            _completed = true;
        }
    }

    private void StartResponse()
    {
        if (_responseStarted)
        {
            return;
        }

        _responseStarted = true;
        var response = Http.Response;
        response.Headers.ContentType = _transport is null ? ContentTypeValue : new StringValues(_transport.ResponseContentType);
        response.Headers[GrpcHeaders.AcceptEncoding] = AcceptEncodingValue;
        if (SetResponseHeaders is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(SetResponseHeaders, response.Headers);
        }
    }

    private void WriteStatusCore(int code, string? message, RpcStatus? details, bool statusOk)
    {
        var response = Http.Response;
        if (_transport is not null && (_responseStarted || !_transport.AllowsTrailersOnly))
        {
            StartResponse();
            _transport.WriteStatus(response.BodyWriter, details ?? new RpcStatus { Code = code, Message = message ?? string.Empty }, SetResponseTrailers);
            return;
        }

        if (_responseStarted)
        {
            // Status as HTTP/2 trailers after the messages.
            response.AppendTrailer(GrpcHeaders.Status, statusOk ? StatusOk : new StringValues(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (!string.IsNullOrEmpty(message))
            {
                response.AppendTrailer(GrpcHeaders.Message, GrpcStatusMessage.Encode(message));
            }

            if (details is not null)
            {
                response.AppendTrailer(GrpcHeaders.StatusDetails, GrpcMetadataConverter.EncodeBinary(details.ToByteArray()));
            }

            if (SetResponseTrailers is { Count: > 0 })
            {
                foreach (var entry in SetResponseTrailers)
                {
                    response.AppendTrailer(entry.Key, GrpcMetadataConverter.EncodeValue(entry));
                }
            }

            return;
        }

        // Trailers-only response: the status travels in the only HEADERS frame (PROTOCOL-HTTP2.md).
        StartResponse();
        var headers = response.Headers;
        headers[GrpcHeaders.Status] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(message))
        {
            headers[GrpcHeaders.Message] = GrpcStatusMessage.Encode(message);
        }

        if (details is not null)
        {
            headers[GrpcHeaders.StatusDetails] = GrpcMetadataConverter.EncodeBinary(details.ToByteArray());
        }

        if (SetResponseTrailers is { Count: > 0 })
        {
            GrpcMetadataConverter.WriteTo(SetResponseTrailers, headers);
        }
    }
}
