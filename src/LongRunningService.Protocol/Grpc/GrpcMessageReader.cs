using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Reads request messages off a request body: unframes them, inflates gzip
/// ones, enforces the receive limit and parses them with the method's parser.
/// </summary>
internal sealed class GrpcMessageReader
{
    private readonly PipeReader _input;
    private readonly int? _maxMessageSize;
    private readonly bool _gzip;
    private readonly IMessagePayloadCodec? _codec;

    public GrpcMessageReader(PipeReader input, int? maxMessageSize, bool gzip, IMessagePayloadCodec? codec = null)
    {
        _input = input;
        _maxMessageSize = maxMessageSize;
        _gzip = gzip;
        _codec = codec;
    }

    /// <summary>The next message, or null when the client has half-closed the stream.</summary>
    public async ValueTask<IMessage?> ReadNextAsync(MessageDescriptor type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                if (GrpcFrame.TryRead(ref buffer, _maxMessageSize, out var compressed, out var payload))
                {
                    return Parse(type, compressed, payload);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw GrpcProtocolErrors.IncompleteMessage();
                    }

                    return null;
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            finally
            {
                // Whatever was parsed is consumed; the rest was looked at and waits for more bytes.
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>Reads the one message a unary or server-streaming call takes, and the end of the stream.</summary>
    public async ValueTask<IMessage> ReadSingleAsync(MessageDescriptor type, CancellationToken cancellationToken)
    {
        var message = await ReadNextAsync(type, cancellationToken)
            ?? throw GrpcProtocolErrors.MissingRequestMessage();

        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var hasMore = !result.Buffer.IsEmpty;
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (hasMore)
            {
                throw GrpcProtocolErrors.AdditionalRequestData();
            }

            if (result.IsCompleted)
            {
                return message;
            }
        }
    }

    private IMessage Parse(MessageDescriptor type, bool compressed, ReadOnlySequence<byte> payload)
    {
        if (compressed)
        {
            if (!_gzip)
            {
                throw GrpcProtocolErrors.CompressedWithoutEncoding();
            }

            payload = new ReadOnlySequence<byte>(Inflate(payload));
        }

        if (_codec is not null)
        {
            return _codec.Parse(type, payload);
        }

        try
        {
            return MessageCodec.Parse(type, payload);
        }
        catch (InvalidProtocolBufferException)
        {
            throw GrpcProtocolErrors.DeserializationFailed(type.FullName);
        }
    }

    private byte[] Inflate(ReadOnlySequence<byte> payload)
    {
        using var source = new MemoryStream(payload.ToArray(), writable: false);
        using var gzip = new GZipStream(source, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = ReadChunk(gzip, chunk)) > 0)
            {
                if (_maxMessageSize is { } limit && inflated.Length + read > limit)
                {
                    throw GrpcProtocolErrors.ReceiveMessageTooLarge(inflated.Length + read, limit);
                }

                inflated.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return inflated.ToArray();
    }

    private static int ReadChunk(Stream gzip, byte[] chunk)
    {
        try
        {
            return gzip.Read(chunk, 0, chunk.Length);
        }
        catch (InvalidDataException)
        {
            throw GrpcProtocolErrors.DecompressionFailed();
        }
    }
}
