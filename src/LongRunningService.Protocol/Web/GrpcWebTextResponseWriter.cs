using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;

namespace LongRunningService.Protocol.Web;

/// <summary>
/// Base64-encodes a <c>grpc-web-text</c> response. The call context writes
/// whole frames and flushes after each message, so each flush is encoded as
/// one padded base64 chunk, which gRPC-Web clients decode chunk by chunk.
/// </summary>
internal sealed class GrpcWebTextResponseWriter(PipeWriter inner) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => EncodePending();

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        EncodePending();
        return inner.FlushAsync(cancellationToken);
    }

    /// <summary>Moves what was written since the last flush, encoded, into the response body.</summary>
    public void EncodePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        var destination = inner.GetSpan(Base64.GetMaxEncodedToUtf8Length(_pending.WrittenCount));
        Base64.EncodeToUtf8(_pending.WrittenSpan, destination, out _, out var written);
        inner.Advance(written);
        _pending.ResetWrittenCount();
    }
}
