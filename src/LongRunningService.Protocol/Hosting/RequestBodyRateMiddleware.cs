using Grpc.AspNetCore.Server;
using Grpc.Core;
using LongRunningService.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Hosting;

/// <summary>
/// Kestrel's minimum request body rate, held per request. Kestrel measures it
/// per HTTP/2 connection and ends the whole connection when one stream's body
/// is too slow, taking every other call on it along; the host turns Kestrel's
/// check off and this one resets only the slow request's stream (on HTTP/1.1,
/// its connection, which carries that request alone). Bodies that stay open by
/// design, those of client-streaming and bidirectional methods, are not timed.
/// </summary>
internal sealed partial class RequestBodyRateMiddleware(RequestDelegate next, ILogger<RequestBodyRateMiddleware> logger)
{
    /// <summary>Kestrel's default: after the first five seconds, 240 bytes a second on average.</summary>
    public const double MinBytesPerSecond = 240;

    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    public Task InvokeAsync(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || method is MethodType.ClientStreaming or MethodType.DuplexStreaming
            || (method is not null && HttpProtocol.IsHttp2(context.Request.Protocol) && HasArrived(context)))
        {
            return next(context);
        }

        context.Request.Body = new RateWatchedStream(context.Request.Body, context, logger);
        return next(context);
    }

    // True when the whole body of a call on an HTTP/2 stream is already here (a small message usually
    // comes with its headers): nothing is left to arrive slowly, so it is read as it is, without a watch. The look leaves
    // the body unread; the size limit is lifted first, as Grpc.AspNetCore does, for it cannot be once reading began.
    private static bool HasArrived(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var body = context.Request.BodyReader;
        if (!body.TryRead(out var ready))
        {
            return false;
        }

        body.AdvanceTo(ready.Buffer.Start);
        return ready.IsCompleted;
    }

    [LoggerMessage(1, LogLevel.Information, "The request body of {Method} {Path} arrived slower than {Rate} bytes a second; its stream was reset")]
    private static partial void BodyTooSlow(ILogger logger, string method, string path, double rate);

    /// <summary>
    /// The request body, read with a time limit: the grace period, or as long as the bytes
    /// read so far allow at the minimum rate, counted from the first read. One timer per
    /// request, armed only while a read waits; when it fires, the request is aborted, which
    /// fails the waiting read.
    /// </summary>
    private sealed class RateWatchedStream(Stream inner, HttpContext context, ILogger logger) : Stream
    {
        private CancellationTokenSource? _limit;
        private long _startedAt;
        private long _bytesRead;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var limit = _limit ??= StartTimer();
            var allowed = TimeSpan.FromSeconds(Math.Max(GracePeriod.TotalSeconds, _bytesRead / MinBytesPerSecond));
            var remaining = allowed - System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt);
            limit.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            try
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                _bytesRead += read;
                return read;
            }
            finally
            {
                if (!limit.IsCancellationRequested)
                {
                    limit.CancelAfter(Timeout.InfiniteTimeSpan); // the time between reads is the handler's, not the client's
                }
            }
        }

        private CancellationTokenSource StartTimer()
        {
            _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var limit = new CancellationTokenSource();
            limit.Token.UnsafeRegister(static state => ((RateWatchedStream)state!).TooSlow(), this);
            context.Response.RegisterForDispose(limit);
            return limit;
        }

        private void TooSlow()
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            BodyTooSlow(logger, context.Request.Method, ClientText.Prefix(context.Request.Path.Value ?? string.Empty), MinBytesPerSecond);
            context.Abort();
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
