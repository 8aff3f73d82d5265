using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

/// <summary>The clock's control calls refuse what would break it, and advancing is cheap however far it goes.</summary>
public sealed class ClockLimitsTests
{
    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e12)]
    [InlineData(-2)]
    public async Task UpdateClock_ScaleOutOfRange_ReturnsInvalidArgumentWithTheRange(double scale)
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => control.RunAsync(scale));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `scale` must be between 0.001 and 1000000 (0 means 1)", error.Status.Detail);
    }

    [Fact]
    public async Task AdvanceClock_AThousandYearsWithTheRetentionSweepDue_Completes()
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());
        var paused = await control.PauseAsync();

        var moved = await control.AdvanceAsync(TimeSpan.FromDays(365_250)).DefaultTimeout();

        Assert.Equal(TimeSpan.FromDays(365_250), moved.Now.ToDateTimeOffset() - paused.Now.ToDateTimeOffset());
    }

    [Fact]
    public async Task AdvanceClock_PastTheEndOfTimestampRange_ReturnsInvalidArgument()
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());
        await control.PauseAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => control.AdvanceAsync(TimeSpan.FromDays(365 * 9000)));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `duration` must be positive and at most ", error.Status.Detail);
    }

    [Fact]
    public async Task AdvanceClock_DurationNotNormalized_ReturnsInvalidArgument()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.CallAsync(
            ControlTestClient.Service + "AdvanceClock",
            new AdvanceClockRequest { Duration = new Duration { Seconds = 60, Nanos = -5 } },
            Clock.Parser));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `duration` is not a valid google.protobuf.Duration", error.Status.Detail);
    }
}
