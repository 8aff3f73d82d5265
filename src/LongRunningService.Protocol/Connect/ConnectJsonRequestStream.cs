using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Connect;

/// <summary>
/// A Connect JSON stream's request body read as gRPC's: each envelope's JSON
/// payload becomes the method's message in protobuf binary, envelope by
/// envelope, as the gRPC call asks for more.
/// </summary>
internal sealed class ConnectJsonRequestStream(Stream source, MessageDescriptor type, ConnectJsonCodec json) : Stream
{
    private const int HeaderSize = ConnectResponseCapture.EnvelopeHeaderSize;
    private const int MaxEnvelope = 4 * 1024 * 1024;
    private ReadOnlyMemory<byte> _pending;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pending.IsEmpty && await NextEnvelopeAsync(cancellationToken) is { } next)
        {
            _pending = next;
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The next envelope restated in binary; null at the end of the body. A torn envelope goes on as it is,
    // for the gRPC reader to refuse as incomplete.
    private async Task<byte[]?> NextEnvelopeAsync(CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var read = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken);
        if (read < HeaderSize)
        {
            return read == 0 ? null : header[..read];
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxEnvelope || (header[0] & 0x01) != 0)
        {
            return header; // too large or compressed: the gRPC reader refuses it
        }

        var payload = new byte[length];
        await source.ReadExactlyAsync(payload, cancellationToken);
        byte[] binary;
        try
        {
            binary = json.Parse(type, new(payload)).ToByteArray();
        }
        catch (Grpc.RpcException refused)
        {
            // Thrown inside the gRPC call's read: it must be the library's exception to end the call with its status.
            throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status((global::Grpc.Core.StatusCode)refused.Code, refused.Status.Message));
        }
        var envelope = new byte[HeaderSize + binary.Length];
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1), (uint)binary.Length);
        binary.CopyTo(envelope, HeaderSize);
        return envelope;
    }
}
