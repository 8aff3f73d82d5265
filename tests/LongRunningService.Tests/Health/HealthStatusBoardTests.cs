using LongRunningService.Protocol.Health;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Tests.Health;

public sealed class HealthStatusBoardTests
{
    [Fact]
    public void GetStatus_BeforeStartUpCompletes_IsNotServing()
    {
        using var lifetime = new TestLifetime();
        var board = CreateBoard(lifetime);

        Assert.Equal(ServingStatus.NotServing, board.GetStatus(string.Empty));
        Assert.False(board.IsServing);
    }

    [Fact]
    public async Task GetStatus_StartUpCompletes_IsServingAndSignalsTheChange()
    {
        using var lifetime = new TestLifetime();
        var board = CreateBoard(lifetime);
        var change = board.NextChange;

        lifetime.Start();

        await change.DefaultTimeout();
        Assert.Equal(ServingStatus.Serving, board.GetStatus(string.Empty));
        Assert.False(board.NextChange.IsCompleted);
    }

    [Fact]
    public async Task GetStatus_ShutdownBegins_IsNotServingAndSignalsTheChange()
    {
        using var lifetime = new TestLifetime();
        var board = CreateBoard(lifetime);
        lifetime.Start();
        var change = board.NextChange;

        lifetime.StopApplication();

        await change.DefaultTimeout();
        Assert.Equal(ServingStatus.NotServing, board.GetStatus(string.Empty));
        Assert.True(board.IsStopping);
    }

    private static HealthStatusBoard CreateBoard(TestLifetime lifetime) =>
        new(lifetime, new ServiceCollection().BuildServiceProvider());

    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();
        private readonly CancellationTokenSource _stopped = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => _stopped.Token;

        public void Start() => _started.Cancel();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
            _stopped.Dispose();
        }
    }
}
