using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Hosting;

/// <summary>
/// Kestrel transport for <see cref="SharedPortEndPoint"/>s: binds the real
/// socket with Kestrel's own socket transport and lets the shared port sort
/// its connections into lanes. Other endpoints are left to the default transport.
/// </summary>
internal sealed class SharedPortTransportFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggerFactory)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _sockets = new(options, loggerFactory);
    private readonly ILogger _logger = loggerFactory.CreateLogger<SharedPort>();

    public bool CanBind(EndPoint endpoint) => endpoint is SharedPortEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var shared = endpoint as SharedPortEndPoint
            ?? throw new NotSupportedException($"{endpoint} is not a shared-port endpoint.");
        return await shared.Port.BindLaneAsync(shared, _sockets, _logger, cancellationToken);
    }
}
