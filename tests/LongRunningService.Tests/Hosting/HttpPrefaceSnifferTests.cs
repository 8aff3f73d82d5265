using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using LongRunningService.Protocol.Hosting;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Hosting;

public sealed class HttpPrefaceSnifferTests
{
    private const string Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    [Theory]
    [InlineData(Preface, "Http2")]
    [InlineData(Preface + "\0\0\0\x04", "Http2")]
    [InlineData("GET / HTTP/1.1\r\n", "Http1")]
    [InlineData("POST /v1/x HTTP/1.1\r\n", "Http1")]
    [InlineData("PRI * HTTP/1.1\r\n", "Http1")]
    [InlineData("P", null)]
    [InlineData("PRI * HTTP/2.0\r\n", null)]
    public void Classify_FirstBytes_PicksLaneOrWaits(string bytes, string? expected)
    {
        Assert.Equal(expected, HttpPrefaceSniffer.Classify(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(bytes)))?.ToString());
    }

    [Fact]
    public async Task DetectAsync_PrefaceInPieces_DecidesOnlyWhenCompleteAndConsumesNothing()
    {
        var pipe = new Pipe();
        var detecting = HttpPrefaceSniffer.DetectAsync(pipe.Reader, CancellationToken.None).AsTask();

        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(Preface[..10]));
        await Task.Yield();
        Assert.False(detecting.IsCompleted);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(Preface[10..]));

        Assert.Equal(SharedPortLane.Http2, await detecting.DefaultTimeout());
        var next = await pipe.Reader.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal(Preface, Encoding.ASCII.GetString(next.Buffer.ToArray()));
    }

    [Fact]
    public async Task DetectAsync_ClientClosesEarly_ReturnsNull()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("PRI"));
        await pipe.Writer.CompleteAsync();

        Assert.Null(await HttpPrefaceSniffer.DetectAsync(pipe.Reader, CancellationToken.None).AsTask().DefaultTimeout());
    }
}
