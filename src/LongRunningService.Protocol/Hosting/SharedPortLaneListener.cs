using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace LongRunningService.Protocol.Hosting;

/// <summary>What Kestrel accepts from for one lane: the connections the shared port sorted into it.</summary>
internal sealed class SharedPortLaneListener(
    SharedPortEndPoint endPoint,
    ChannelReader<ConnectionContext> connections,
    Func<ValueTask> unbind,
    Func<ValueTask> dispose)
    : IConnectionListener
{
    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await connections.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => unbind();

    public ValueTask DisposeAsync() => dispose();
}
