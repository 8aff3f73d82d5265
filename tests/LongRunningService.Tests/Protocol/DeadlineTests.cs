using System.Diagnostics;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;
using LongRunningService.Tests.TestServices;

namespace LongRunningService.Tests.Protocol;

public sealed class DeadlineTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Fact]
    public async Task Deadline_PassesWhileHandlerWaits_ReturnsDeadlineExceededAndCancelsHandler()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { DelayMs = 30_000 }, r => r.Headers.Add("grpc-timeout", "100m"));

        Assert.Equal(Code.DeadlineExceeded, result.StatusCode);
        Assert.Equal("Deadline Exceeded", result.GrpcMessage);
        Assert.Equal(ProtocolTestServer.Service + "Echo", await server.GetService<ProtocolTestService>().Cancelled.Task.DefaultTimeout());
    }

    [Fact]
    public async Task Deadline_HandlerIgnoresToken_StillAnswersAtTheDeadline()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        var stopwatch = Stopwatch.StartNew();

        var result = await client.CallRawAsync(Echo, new EchoRequest { StubbornDelayMs = 5_000 }, r => r.Headers.Add("grpc-timeout", "100m"));

        Assert.Equal(Code.DeadlineExceeded, result.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"The call took {stopwatch.Elapsed}.");
    }

    [Theory]
    [InlineData("1u")]
    [InlineData("1m")]
    public async Task Deadline_PassesAtOnce_ReturnsDeadlineExceeded(string timeout)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { DelayMs = 30_000 }, r => r.Headers.Add("grpc-timeout", timeout));

        Assert.Equal(Code.DeadlineExceeded, result.StatusCode);
        Assert.Empty(result.Messages);
    }

    // PROTOCOL-HTTP2.md leaves a malformed timeout to the server; like grpc-dotnet, the call runs with no deadline.
    [Theory]
    [InlineData("soon")]
    [InlineData("10s")]
    [InlineData("-5S")]
    public async Task Deadline_MalformedHeader_IsIgnored(string timeout)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallRawOkAsync(Echo, new EchoRequest { Message = "on time" }, EchoResponse.Parser, r => r.Headers.TryAddWithoutValidation("grpc-timeout", timeout));

        Assert.Equal("on time", response.Message);
        Assert.Equal(-1, response.DeadlineMs);
    }

    // The longest timeouts the header can carry (99,999,999 hours, past year 9999) mean no practical deadline.
    [Theory]
    [InlineData("1200H")]
    [InlineData("99999999H")]
    public async Task Deadline_FarFuture_RunsTheCallWithoutOne(string timeout)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallRawOkAsync(Echo, new EchoRequest { Message = "later" }, EchoResponse.Parser, r => r.Headers.Add("grpc-timeout", timeout));

        Assert.Equal("later", response.Message);
    }

    [Fact]
    public async Task Deadline_Set_IsVisibleToHandler()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallRawOkAsync(Echo, new EchoRequest(), EchoResponse.Parser, r => r.Headers.Add("grpc-timeout", "10S"));

        Assert.InRange(response.DeadlineMs, 8_000, 10_000);
    }

    [Fact]
    public async Task Deadline_NotSet_HandlerSeesNone()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallAsync(Echo, new EchoRequest(), EchoResponse.Parser);

        Assert.Equal(-1, response.DeadlineMs);
    }
}
