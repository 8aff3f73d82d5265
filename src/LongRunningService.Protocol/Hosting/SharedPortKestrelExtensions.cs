using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Hosting;

/// <summary>Wires a <see cref="SharedPort"/> into Kestrel.</summary>
internal static class SharedPortKestrelExtensions
{
    /// <summary>Adds the transport that serves shared-port endpoints; Kestrel's socket transport keeps the rest.</summary>
    public static IServiceCollection AddSharedPortTransport(this IServiceCollection services) =>
        services.AddSingleton<IConnectionListenerFactory, SharedPortTransportFactory>();

    /// <summary>Listens on <paramref name="port"/> with HTTP/1.1 and HTTP/2 (prior knowledge) on the same socket.</summary>
    public static void ListenShared(this KestrelServerOptions kestrel, SharedPort port)
    {
        kestrel.Listen(new SharedPortEndPoint(port, SharedPortLane.Http1), listen => listen.Protocols = HttpProtocols.Http1);
        kestrel.Listen(new SharedPortEndPoint(port, SharedPortLane.Http2), listen => listen.Protocols = HttpProtocols.Http2);
    }
}
