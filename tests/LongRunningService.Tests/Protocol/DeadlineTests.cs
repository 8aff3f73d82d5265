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
        Assert.Equal("Deadline exceeded.", result.GrpcMessage);
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
    [InlineData("0S")]
    [InlineData("0n")]
    public async Task Deadline_AlreadyPast_ReturnsDeadlineExceededWithoutRunningHandler(string timeout)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { FailWithCode = (int)Code.Aborted }, r => r.Headers.Add("grpc-timeout", timeout));

        Assert.Equal(Code.DeadlineExceeded, result.StatusCode);
        Assert.True(result.IsTrailersOnly);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("10s")]
    [InlineData("123456789S")]
    [InlineData("-5S")]
    public async Task Deadline_MalformedHeader_ReturnsInternalNamingTheValue(string timeout)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest(), r => r.Headers.TryAddWithoutValidation("grpc-timeout", timeout));

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal($"Malformed grpc-timeout '{timeout}': expected 1 to 8 digits followed by a unit (H, M, S, m, u or n).", result.GrpcMessage);
    }

    [Fact]
    public async Task Deadline_Set_IsVisibleToHandler()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallAsync(Echo, new EchoRequest(), EchoResponse.Parser, r => r.Headers.Add("grpc-timeout", "10S"));

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
