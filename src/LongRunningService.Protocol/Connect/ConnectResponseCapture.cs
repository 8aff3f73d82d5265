using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// Takes the place of the response body and trailers while Grpc.AspNetCore
/// runs a Connect call: what the library writes as gRPC (enveloped messages,
/// then trailers) is held here; on each flush, whole envelopes go to
/// <see cref="ForwardAsync"/> when the call streams, and the rest waits for
/// the translation to finish the response.
/// </summary>
internal sealed class ConnectResponseCapture : PipeWriter, IHttpResponseBodyFeature, IHttpResponseTrailersFeature
{
    public const int EnvelopeHeaderSize = 5;

    private readonly Func<byte, ReadOnlyMemory<byte>, CancellationToken, ValueTask>? _forward;
    private ArrayBufferWriter<byte> _buffer = new(256);
    private Stream? _stream;

    /// <param name="forward">Sends one whole envelope (flags, payload) on; null to hold everything until the end.</param>
    public ConnectResponseCapture(Func<byte, ReadOnlyMemory<byte>, CancellationToken, ValueTask>? forward) => _forward = forward;

    public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();

    public Stream Stream => _stream ??= AsStream(leaveOpen: true);

    public PipeWriter Writer => this;

    /// <summary>What was written and not yet forwarded.</summary>
    public ReadOnlyMemory<byte> Held => _buffer.WrittenMemory;

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A gRPC call does not send files.");

    public Task CompleteAsync() => Task.CompletedTask;

    public override void Advance(int bytes) => _buffer.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _forward is null ? ValueTask.FromResult(default(FlushResult)) : ForwardAsync(_forward, cancellationToken);

    /// <summary>Reads the envelopes of <paramref name="data"/>: its flags and payload each, while whole ones remain.</summary>
    public static bool TryReadEnvelope(ReadOnlyMemory<byte> data, out byte flags, out ReadOnlyMemory<byte> payload, out int consumed)
    {
        flags = 0;
        payload = default;
        consumed = 0;
        if (data.Length < EnvelopeHeaderSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data.Span[1..]);
        if (length > data.Length - EnvelopeHeaderSize)
        {
            return false;
        }

        flags = data.Span[0];
        payload = data.Slice(EnvelopeHeaderSize, (int)length);
        consumed = EnvelopeHeaderSize + (int)length;
        return true;
    }

    private async ValueTask<FlushResult> ForwardAsync(Func<byte, ReadOnlyMemory<byte>, CancellationToken, ValueTask> forward, CancellationToken cancellationToken)
    {
        var data = _buffer.WrittenMemory;
        var offset = 0;
        while (TryReadEnvelope(data[offset..], out var flags, out var payload, out var consumed))
        {
            await forward(flags, payload, cancellationToken);
            offset += consumed;
        }

        if (offset > 0)
        {
            var rest = new ArrayBufferWriter<byte>(Math.Max(256, data.Length - offset));
            rest.Write(data.Span[offset..]);
            _buffer = rest;
        }

        return default;
    }
}
