using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Hosting;

/// <summary>
/// One cleartext socket for every protocol, as gapic-showcase serves: each
/// accepted connection is sorted by its first bytes (the HTTP/2 preface or
/// not) into the HTTP/2 lane or the HTTP/1.1 lane, each of which Kestrel
/// serves as an endpoint of its own. Kestrel alone cannot do this: without
/// TLS it speaks one protocol per endpoint.
/// </summary>
internal sealed class SharedPort(IPEndPoint requested)
{
    // A connection that sends nothing for this long is closed before any HTTP server sees it.
    private static readonly TimeSpan SniffTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _bindLock = new(1, 1);
    private readonly Channel<ConnectionContext>?[] _lanes = new Channel<ConnectionContext>?[2];
    private readonly bool[] _laneDisposed = new bool[2];
    private IConnectionListener? _socket;
    private CancellationTokenSource? _stopping;
    private ILogger? _logger;

    public IPEndPoint RequestedEndPoint { get; } = requested;

    /// <summary>The address actually bound (the real port when 0 was asked for); null until bound.</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    public async ValueTask<IConnectionListener> BindLaneAsync(
        SharedPortEndPoint endPoint,
        IConnectionListenerFactory sockets,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        await _bindLock.WaitAsync(cancellationToken);
        try
        {
            if (_lanes[(int)endPoint.Lane] is not null)
            {
                throw new InvalidOperationException($"Lane {endPoint.Lane} of {RequestedEndPoint} is bound already.");
            }

            if (_socket is null)
            {
                _logger = logger;
                _socket = await sockets.BindAsync(RequestedEndPoint, cancellationToken);
                BoundEndPoint = (IPEndPoint)_socket.EndPoint;
                _stopping = new CancellationTokenSource();
                _ = AcceptLoopAsync(_socket, _stopping.Token);
            }

            var lane = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = false });
            _lanes[(int)endPoint.Lane] = lane;
            _laneDisposed[(int)endPoint.Lane] = false;
            return new SharedPortLaneListener(endPoint, lane.Reader, () => UnbindLaneAsync(endPoint.Lane), () => DisposeLaneAsync(endPoint.Lane));
        }
        finally
        {
            _bindLock.Release();
        }
    }

    private async ValueTask UnbindLaneAsync(SharedPortLane laneId)
    {
        await _bindLock.WaitAsync();
        try
        {
            var lane = _lanes[(int)laneId];
            if (lane is null)
            {
                return;
            }

            lane.Writer.TryComplete();
            _lanes[(int)laneId] = null;
            if (_lanes.All(l => l is null) && _socket is not null)
            {
                // Stop accepting; the socket's memory pool lives on until Kestrel has closed the connections.
                _stopping?.Cancel();
                await _socket.UnbindAsync();
            }
        }
        finally
        {
            _bindLock.Release();
        }
    }

    // Kestrel disposes a listener once the connections it accepted are done.
    private async ValueTask DisposeLaneAsync(SharedPortLane laneId)
    {
        await UnbindLaneAsync(laneId);
        await _bindLock.WaitAsync();
        try
        {
            _laneDisposed[(int)laneId] = true;
            if (_laneDisposed.All(d => d) && _socket is not null)
            {
                await _socket.DisposeAsync();
                _socket = null;
            }
        }
        finally
        {
            _bindLock.Release();
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener socket, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            ConnectionContext? connection;
            try
            {
                connection = await socket.AcceptAsync(stopping);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (connection is null)
            {
                return;
            }

            _ = SortAsync(connection, stopping);
        }
    }

    private async Task SortAsync(ConnectionContext connection, CancellationToken stopping)
    {
        SharedPortLane? laneId = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(SniffTimeout);
            laneId = await HttpPrefaceSniffer.DetectAsync(connection.Transport.Input, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            _logger?.LogDebug("Connection {ConnectionId} closed before its protocol was known: {Reason}", connection.ConnectionId, exception.Message);
        }

        var lane = laneId is { } id ? _lanes[(int)id] : null;
        if (lane is null || !lane.Writer.TryWrite(connection))
        {
            await connection.DisposeAsync();
        }
    }
}
