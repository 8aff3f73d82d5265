using System.Buffers;
using System.Buffers.Text;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Web;

/// <summary>
/// Decodes a <c>grpc-web-text</c> request body, which is base64 that may arrive
/// split at any byte and may be several padded base64 chunks one after the
/// other (PROTOCOL-WEB.md). Whole 4-character groups are decoded as they
/// arrive; a group ending in padding closes a chunk; the rest waits for more.
/// </summary>
internal sealed class GrpcWebTextRequestStream(Stream inner) : Stream
{
    private const int ReadSize = 4096;
    private readonly byte[] _text = new byte[ReadSize + 4];
    private int _textLength;
    private byte[] _decoded = new byte[ReadSize];
    private int _decodedOffset;
    private int _decodedLength;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_decodedLength == 0)
        {
            var read = await inner.ReadAsync(_text.AsMemory(_textLength, ReadSize), cancellationToken);
            if (read == 0)
            {
                if (_textLength > 0)
                {
                    throw InvalidText();
                }

                return 0;
            }

            DecodeWholeGroups(read);
        }

        var count = Math.Min(buffer.Length, _decodedLength);
        _decoded.AsSpan(_decodedOffset, count).CopyTo(buffer.Span);
        _decodedOffset += count;
        _decodedLength -= count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static RpcException InvalidText() =>
        new(Google.Rpc.Code.Internal, "The grpc-web-text request body is not valid base64.");

    private void DecodeWholeGroups(int read)
    {
        // Drop line breaks and spaces some encoders insert.
        var text = _text.AsSpan(0, _textLength + read);
        var length = 0;
        foreach (var c in text)
        {
            if (c is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t'))
            {
                text[length++] = c;
            }
        }

        var whole = length / 4 * 4;
        if (_decoded.Length < whole / 4 * 3)
        {
            _decoded = new byte[whole / 4 * 3];
        }

        _decodedOffset = 0;
        _decodedLength = 0;
        var start = 0;
        while (start < whole)
        {
            // A chunk runs up to and including the first group that ends in padding.
            var end = start;
            do
            {
                end += 4;
            }
            while (end < whole && text[end - 1] != (byte)'=');

            var status = Base64.DecodeFromUtf8(text[start..end], _decoded.AsSpan(_decodedLength), out _, out var written, isFinalBlock: true);
            if (status != OperationStatus.Done)
            {
                throw InvalidText();
            }

            _decodedLength += written;
            start = end;
        }

        text[whole..length].CopyTo(_text);
        _textLength = length - whole;
    }
}
