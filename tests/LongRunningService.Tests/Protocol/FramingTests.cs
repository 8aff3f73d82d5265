using System.IO.Compression;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Protocol;

public sealed class FramingTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Fact]
    public async Task Unary_MessageSplitAcrossDataFrames_IsReassembled()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var frame = GrpcFrames.Frame(new EchoRequest { Message = new string('x', 10_000) });
        var chunks = new[] { frame[..2], frame[2..4], frame[4..5000], frame[5000..] };

        var result = await client.SendAsync(Echo, new ChunkedContent(chunks, () => Task.Delay(20)));

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal(10_000, result.Single(EchoResponse.Parser).Message.Length);
    }

    [Fact]
    public async Task Unary_ZeroLengthMessage_IsTheDefaultMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame([]));

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal(string.Empty, result.Single(EchoResponse.Parser).Message);
    }

    [Fact]
    public async Task Unary_MessageOverReceiveLimit_ReturnsResourceExhausted()
    {
        await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxReceiveMessageSize"] = "1024" });
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { Message = new string('x', 2000) });

        Assert.Equal(Code.ResourceExhausted, result.StatusCode);
        Assert.Equal("Received message exceeds the maximum configured message size.", result.GrpcMessage);
        Assert.True(result.IsTrailersOnly);
    }

    [Fact]
    public async Task Unary_ResponseOverSendLimit_ReturnsResourceExhausted()
    {
        await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxSendMessageSize"] = "1024" });
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { PaddingBytes = 5000 });

        Assert.Equal(Code.ResourceExhausted, result.StatusCode);
        Assert.Equal("Sending message exceeds the maximum configured message size.", result.GrpcMessage);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task Unary_InvalidCompressionFlag_ReturnsUnknown()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame(new EchoRequest().ToByteArray(), compressedFlag: 7));

        Assert.Equal(Code.Unknown, result.StatusCode);
    }

    [Fact]
    public async Task Unary_CompressedWithoutEncodingHeader_ReturnsInternal()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame(Gzip(new EchoRequest { Message = "z" }.ToByteArray()), compressedFlag: 1));

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("Request did not include grpc-encoding value with compressed message.", result.GrpcMessage);
    }

    [Fact]
    public async Task Unary_GzipRequest_IsInflated()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var body = GrpcFrames.Frame(Gzip(new EchoRequest { Message = "squeezed" }.ToByteArray()), compressedFlag: 1);

        var result = await client.SendAsync(Echo, body, r => r.Headers.Add("grpc-encoding", "gzip"));

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal("squeezed", result.Single(EchoResponse.Parser).Message);
    }

    [Fact]
    public async Task Unary_GzipBombOverLimit_ReturnsResourceExhausted()
    {
        await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxReceiveMessageSize"] = "4096" });
        using var client = server.CreateClient();
        var body = GrpcFrames.Frame(Gzip(new EchoRequest { Message = new string('a', 100_000) }.ToByteArray()), compressedFlag: 1);

        var result = await client.SendAsync(Echo, body, r => r.Headers.Add("grpc-encoding", "gzip"));

        Assert.Equal(Code.ResourceExhausted, result.StatusCode);
    }

    [Fact]
    public async Task Unary_CorruptGzip_ReturnsUnknown()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame([1, 2, 3, 4, 5], compressedFlag: 1), r => r.Headers.Add("grpc-encoding", "gzip"));

        Assert.Equal(Code.Unknown, result.StatusCode);
    }

    [Fact]
    public async Task Unary_UnsupportedEncoding_ReturnsUnimplementedListingSupportedOnes()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame(new EchoRequest { Message = "x" }.ToByteArray(), compressedFlag: 1), r => r.Headers.Add("grpc-encoding", "snappy"));

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.StartsWith("Unsupported grpc-encoding value 'snappy'.", result.GrpcMessage);
    }

    [Fact]
    public async Task Unary_EmptyBody_ReturnsInternal()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, []);

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("Incomplete message.", result.GrpcMessage);
    }

    [Fact]
    public async Task Unary_TruncatedFrame_ReturnsInternal()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame(new EchoRequest { Message = "hello" })[..6]);

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("Incomplete message.", result.GrpcMessage);
    }

    [Fact]
    public async Task Unary_TwoMessages_ReturnsInternal()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var frame = GrpcFrames.Frame(new EchoRequest { Message = "one" });

        var result = await client.SendAsync(Echo, [.. frame, .. frame]);

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("Additional data after the message received.", result.GrpcMessage);
    }

    [Fact]
    public async Task Unary_BytesThatAreNotTheMessage_ReturnsInternal()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync(Echo, GrpcFrames.Frame([0xFF, 0xFF, 0xFF]));

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("The request message is not a valid longrunning.tests.v1.EchoRequest.", result.GrpcMessage);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
