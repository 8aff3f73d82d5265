using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Protocol;

public sealed class CallTypesTests
{
    [Fact]
    public async Task ServerStreaming_SendsEveryMessageThenOk()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "Expand", new EchoRequest { Message = "m", Count = 3 });

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.False(result.IsTrailersOnly);
        Assert.Equal(["m-0", "m-1", "m-2"], result.Messages.Select(m => EchoResponse.Parser.ParseFrom(m).Message));
    }

    [Fact]
    public async Task ServerStreaming_FailureAfterMessages_SendsStatusInTrailers()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "Expand", new EchoRequest { Message = "gone", Count = 2, FailWithCode = (int)Code.Aborted });

        Assert.Equal(2, result.Messages.Count);
        Assert.Equal(Code.Aborted, result.StatusCode);
        Assert.False(result.IsTrailersOnly);
        Assert.Equal("gone", result.GrpcMessage);
    }

    [Fact]
    public async Task ServerStreaming_NoMessages_EndsOk()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "Expand", new EchoRequest { Count = 0 });

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task ClientStreaming_ReadsEveryMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var chunks = new[] { "a", "b", "c" }.Select(m => GrpcFrames.Frame(new EchoRequest { Message = m }));

        var result = await client.SendAsync(ProtocolTestServer.Service + "Collect", new ChunkedContent(chunks));

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal("a,b,c", result.Single(EchoResponse.Parser).Message);
    }

    [Fact]
    public async Task ClientStreaming_NoMessages_HandlerSeesEmptyStream()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(ProtocolTestServer.Service + "Collect", []);

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal(string.Empty, result.Single(EchoResponse.Parser).Message);
    }

    [Fact]
    public async Task DuplexStreaming_AnswersEachMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var chunks = new[] { "x", "y" }.Select(m => GrpcFrames.Frame(new EchoRequest { Message = m }));

        var result = await client.SendAsync(ProtocolTestServer.Service + "Chat", new ChunkedContent(chunks));

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal(["re:x", "re:y"], result.Messages.Select(m => EchoResponse.Parser.ParseFrom(m).Message));
    }

    [Fact]
    public async Task DuplexStreaming_ResponseArrivesBeforeRequestStreamEnds()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var firstResponseRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = new ChunkedContent(
            [GrpcFrames.Frame(new EchoRequest { Message = "ping" }), GrpcFrames.Frame(new EchoRequest { Message = "pong" })],
            () => firstResponseRead.Task);
        using var request = new HttpRequestMessage(HttpMethod.Post, ProtocolTestServer.Service + "Chat")
        {
            Content = body,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[5 + EchoResponseSize("re:ping")];
        await stream.ReadExactlyAsync(first).AsTask().DefaultTimeout();
        firstResponseRead.SetResult();
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest).DefaultTimeout();

        Assert.Equal("re:ping", EchoResponse.Parser.ParseFrom(first.AsSpan(5)).Message);
        Assert.Equal("re:pong", EchoResponse.Parser.ParseFrom(Assert.Single(GrpcFrames.Split(rest.ToArray()))).Message);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    private static int EchoResponseSize(string message) => new EchoResponse { Message = message, DeadlineMs = 0 }.CalculateSize();
}
