using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Hosting;

public sealed class SharedPortTests
{
    [Fact]
    public async Task OnePort_ServesHttp2GrpcAndHttp11()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var http11 = new HttpClient { BaseAddress = server.BaseAddress, DefaultRequestVersion = HttpVersion.Version11 };

        var grpcResult = await grpc.CallForStatusAsync(ProtocolTestServer.Service + "Echo", new EchoRequest { Message = "h2" });
        using var plain = await http11.GetAsync("/no/such/path").DefaultTimeout();

        Assert.Equal(Code.Ok, grpcResult.StatusCode);
        Assert.Equal(new Version(1, 1), plain.Version);
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
    }

    [Fact]
    public async Task OnePort_PortZero_ListensOnARealLoopbackPort()
    {
        await using var server = await ProtocolTestServer.StartAsync();

        Assert.NotEqual(0, server.EndPoint.Port);
        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
    }

    [Fact]
    public async Task OnePort_ClientClosesBeforeSendingAnything_ServerKeepsServing()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using (var idle = new TcpClient())
        {
            await idle.ConnectAsync(server.EndPoint).DefaultTimeout();
            await idle.GetStream().WriteAsync("PR"u8.ToArray());
        }

        using var grpc = server.CreateClient();
        var result = await grpc.CallForStatusAsync(ProtocolTestServer.Service + "Echo", new EchoRequest());

        Assert.Equal(Code.Ok, result.StatusCode);
    }

    [Fact]
    public async Task OnePort_Garbage_GetsHttp11BadRequest()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.EndPoint).DefaultTimeout();
        var stream = socket.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("NOT HTTP AT ALL\r\n\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().DefaultTimeout();

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read));
    }
}
