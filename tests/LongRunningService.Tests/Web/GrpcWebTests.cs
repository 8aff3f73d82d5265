using System.Net;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Web;

public sealed class GrpcWebTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";
    private const string Expand = ProtocolTestServer.Service + "Expand";
    private const byte TrailersFlag = 0x80;

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task GrpcWeb_Unary_SendsMessageThenTrailersFrame(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));

        var response = await client.PostAsync(Echo, "application/grpc-web+proto", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = "hi" })));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/grpc-web", response.Header("content-type"));
        Assert.Equal("from-headers", response.Header("echo-header"));
        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(2, envelopes.Count);
        Assert.Equal(0, envelopes[0].Flags);
        Assert.Equal("hi", EchoResponse.Parser.ParseFrom(envelopes[0].Payload).Message);
        Assert.Equal(TrailersFlag, envelopes[1].Flags);
        var trailers = WebTestClient.TrailerLines(envelopes[1].Payload);
        Assert.Equal("0", trailers["grpc-status"]);
        Assert.Equal("from-trailers", trailers["echo-trailer"]);
        Assert.Equal("AQID", trailers["echo-trailer-bin"]);
    }

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task GrpcWebText_BodySplitAtOddPlaces_IsDecodedAndAnswerIsBase64(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));
        var frame = GrpcFrames.Frame(new EchoRequest { Message = "text mode" });
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(frame));
        var chunks = new List<byte[]>();
        for (int offset = 0, size = 3; offset < text.Length; offset += size, size += 2)
        {
            chunks.Add(text[offset..Math.Min(text.Length, offset + size)]);
        }

        // No Accept header: a text request gets a text answer.
        var response = await client.PostAsync(Echo, "application/grpc-web-text", new ChunkedContent(chunks));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/grpc-web-text", response.Header("content-type"));
        var envelopes = WebTestClient.Envelopes(DecodeConcatenatedBase64(response.Text));
        Assert.Equal("text mode", EchoResponse.Parser.ParseFrom(envelopes[0].Payload).Message);
        Assert.Equal("0", WebTestClient.TrailerLines(envelopes[^1].Payload)["grpc-status"]);
    }

    [Fact]
    public async Task GrpcWebText_InvalidBase64_FailsTheCallAndServerGoesOn()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        server.AllowErrorLogs = true; // Kestrel logs the body it could not drain after the failed read.
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(Echo, "application/grpc-web-text", new StringContent("AAAA!!!!"));

        Assert.NotEqual("0", response.Header("grpc-status") ?? "0");
        // Kestrel closes a connection whose body it could not drain: the next call comes on a new one.
        using var next = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var after = await next.PostAsync(Echo, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = "next" })));
        Assert.Equal("next", EchoResponse.Parser.ParseFrom(WebTestClient.Envelopes(after.Body)[0].Payload).Message);
    }

    [Fact]
    public async Task GrpcWebText_AcceptAsksForBinary_AnswerIsBinary()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var text = Convert.ToBase64String(GrpcFrames.Frame(new EchoRequest { Message = "binary back" }));

        var response = await client.PostAsync(Echo, "application/grpc-web-text", new StringContent(text), r => r.Headers.Accept.ParseAdd("application/grpc-web"));

        Assert.Equal("application/grpc-web", response.Header("content-type"));
        Assert.Equal("binary back", EchoResponse.Parser.ParseFrom(WebTestClient.Envelopes(response.Body)[0].Payload).Message);
    }

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task GrpcWeb_ErrorBeforeAnyMessage_IsTrailersOnlyWithDetails(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));
        var request = new EchoRequest { Message = "no such thing", FailWithCode = (int)Code.NotFound, WithDetails = true };

        var response = await client.PostAsync(Echo, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(request)));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal("5", response.Header("grpc-status"));
        Assert.Equal("no such thing", response.Header("grpc-message"));
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(response.Header("grpc-status-details-bin")!)));
        Assert.Equal("message", status.Details[0].Unpack<BadRequest>().FieldViolations[0].Field);
    }

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task GrpcWeb_ServerStreamingThatFails_SendsMessagesThenStatusInTrailersFrame(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));
        var request = new EchoRequest { Message = "café", Count = 2, FailWithCode = (int)Code.FailedPrecondition };

        var response = await client.PostAsync(Expand, "application/grpc-web+proto", new ByteArrayContent(GrpcFrames.Frame(request)));

        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(["café-0", "café-1"], envelopes[..2].Select(e => EchoResponse.Parser.ParseFrom(e.Payload).Message));
        Assert.Equal(TrailersFlag, envelopes[2].Flags);
        var trailers = WebTestClient.TrailerLines(envelopes[2].Payload);
        Assert.Equal("9", trailers["grpc-status"]);
        Assert.Equal("caf%C3%A9", trailers["grpc-message"]);
    }

    [Fact]
    public async Task GrpcWeb_DeadlinePasses_ReturnsDeadlineExceeded()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(
            Echo, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { DelayMs = 30_000 })), r => r.Headers.Add("grpc-timeout", "100m"));

        Assert.Equal(((int)Code.DeadlineExceeded).ToString(), response.Header("grpc-status"));
        Assert.Equal("Deadline Exceeded", response.Header("grpc-message"));
    }

    [Fact]
    public async Task GrpcWeb_UnknownMethod_ReturnsUnimplemented()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(ProtocolTestServer.Service + "Nope", "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest())));

        Assert.Equal(((int)Code.Unimplemented).ToString(), response.Header("grpc-status"));
    }

    [Fact]
    public async Task GrpcWeb_OverTooLargeMessage_ReturnsResourceExhausted()
    {
        await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxReceiveMessageSize"] = "16" });
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(Echo, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = new string('x', 64) })));

        Assert.Equal(((int)Code.ResourceExhausted).ToString(), response.Header("grpc-status"));
    }

    // Base64 text that may hold several padded chunks one after the other.
    private static byte[] DecodeConcatenatedBase64(string text)
    {
        var bytes = new List<byte>();
        var start = 0;
        for (var end = 4; end <= text.Length; end += 4)
        {
            if (text[end - 1] == '=' || end == text.Length)
            {
                bytes.AddRange(Convert.FromBase64String(text[start..end]));
                start = end;
            }
        }

        Assert.Equal(text.Length, start);
        return [.. bytes];
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
