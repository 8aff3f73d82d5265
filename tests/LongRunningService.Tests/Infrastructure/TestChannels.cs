using Grpc.Net.Client;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Grpc.Net.Client channels to a test server: HTTP/2 with prior knowledge over loopback.</summary>
internal static class TestChannels
{
    /// <summary>A channel with its own connection pool; the caller disposes it.</summary>
    public static GrpcChannel For(TestServer server, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            DisposeHttpClient = true,
        });
}
