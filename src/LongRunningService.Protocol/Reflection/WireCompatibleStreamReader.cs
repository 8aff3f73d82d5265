using Google.Protobuf;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Reflection;

/// <summary>Reads a request stream as another message type with the same wire format.</summary>
internal sealed class WireCompatibleStreamReader<TWire, TRead>(IAsyncStreamReader<TWire> inner, MessageParser<TRead> parser)
    : IAsyncStreamReader<TRead>
    where TWire : IMessage<TWire>
    where TRead : IMessage<TRead>
{
    private TRead? _current;

    public TRead Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken))
        {
            return false;
        }

        _current = parser.ParseFrom(inner.Current.ToByteString());
        return true;
    }
}
