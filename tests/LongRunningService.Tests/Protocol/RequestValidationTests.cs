using System.Net;
using Google.Protobuf;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Protocol;

public sealed class RequestValidationTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task ContentType_GrpcVariants_AreAccepted(string contentType)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = "ok" }));
        body.Headers.TryAddWithoutValidation("content-type", contentType);

        var result = await client.SendAsync(Echo, body);

        Assert.Equal(Google.Rpc.Code.Ok, result.StatusCode);
    }

    [Theory]
    [InlineData("application/grpcx")]
    public async Task ContentType_Unsupported_Returns415(string contentType)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = new ByteArrayContent(GrpcFrames.Frame(new EchoRequest()));
        body.Headers.TryAddWithoutValidation("content-type", contentType);

        var result = await client.SendAsync(Echo, body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, result.HttpStatus);
    }

    [Fact]
    public async Task Http11_GrpcRequest_Returns426()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, DefaultRequestVersion = HttpVersion.Version11 };
        var body = new ByteArrayContent(GrpcFrames.Frame(new EchoRequest()));
        body.Headers.ContentType = new("application/grpc");

        using var response = await http.PostAsync(Echo, body).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task ClientCancelsMidCall_HandlerTokenFiresAndServerKeepsServing()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        using var cancel = new CancellationTokenSource();

        var call = client.SendAsync(Echo, GrpcFrames.Frame(new EchoRequest { DelayMs = 30_000 }), cancellationToken: cancel.Token);
        await server.GetService<TestServices.ProtocolTestService>().DelayStarted.Task.DefaultTimeout();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(Echo, await server.GetService<TestServices.ProtocolTestService>().Cancelled.Task.DefaultTimeout());
        var after = await client.CallAsync(Echo, new EchoRequest { Message = "still here" }, EchoResponse.Parser);
        Assert.Equal("still here", after.Message);
    }
}
