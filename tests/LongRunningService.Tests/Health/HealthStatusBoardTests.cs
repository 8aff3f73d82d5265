using Grpc.Health.V1;
using LongRunningService.Protocol.Health;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Tests.Health;

public sealed class HealthStatusBoardTests
{
    private static readonly string[] Served = ["google.longrunning.Operations", "grpc.health.v1.Health"];

    [Fact]
    public async Task Statuses_BeforeStartUpCompletes_AreNotServingForTheServerAndEveryService()
    {
        using var lifetime = new TestLifetime();
        using var board = new HealthStatusBoard(lifetime, () => Served);

        Assert.Equal(ServingStatus.NotServing, await StatusAsync(board, string.Empty));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(board, Served[0]));
        Assert.False(board.IsServing);
    }

    [Fact]
    public async Task Statuses_StartUpCompletes_AreServing()
    {
        using var lifetime = new TestLifetime();
        using var board = new HealthStatusBoard(lifetime, () => Served);
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(board, Served[1]));

        lifetime.Start();

        Assert.Equal(ServingStatus.Serving, await StatusAsync(board, string.Empty));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(board, Served[1]));
        Assert.True(board.IsServing);
    }

    [Fact]
    public async Task Statuses_ShutdownBegins_AreNotServingAndWatchesAreReleased()
    {
        using var lifetime = new TestLifetime();
        using var board = new HealthStatusBoard(lifetime, () => Served);
        lifetime.Start();
        Assert.False(board.WatchesReleased.IsCancellationRequested);

        lifetime.StopApplication();

        Assert.Equal(ServingStatus.NotServing, await StatusAsync(board, Served[0]));
        Assert.True(board.IsStopping);
        Assert.True(board.WatchesReleased.IsCancellationRequested);
    }

    [Fact]
    public void Knows_TheServerAndServedServicesOnly()
    {
        using var lifetime = new TestLifetime();
        using var board = new HealthStatusBoard(lifetime, () => Served);

        Assert.True(board.Knows(string.Empty));
        Assert.True(board.Knows(Served[0]));
        Assert.False(board.Knows("google.longrunning.Nope"));
    }

    // The package's Check reads nothing from its call context.
    private static async Task<ServingStatus> StatusAsync(HealthStatusBoard board, string service) =>
        (await board.Statuses.Check(new HealthCheckRequest { Service = service }, null!).DefaultTimeout()).Status;

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
