using Google.Protobuf;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Reflection;

/// <summary>Writes messages to a response stream of another message type with the same wire format.</summary>
internal sealed class WireCompatibleStreamWriter<TWritten, TWire>(IServerStreamWriter<TWire> inner, MessageParser<TWire> parser)
    : IServerStreamWriter<TWritten>
    where TWritten : IMessage<TWritten>
    where TWire : IMessage<TWire>
{
    public Task WriteAsync(TWritten message, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(parser.ParseFrom(message.ToByteString()), cancellationToken);
}
