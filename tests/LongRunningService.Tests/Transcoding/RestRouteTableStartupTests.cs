using System.Net;
using System.Net.Sockets;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Hosting;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Transcoding;

/// <summary>
/// The REST route table is built on the thread pool while the server starts: gRPC is served without
/// waiting for it, a REST call that comes first waits for it instead of missing its route, and start-up
/// (readiness) ends only once it is built.
/// </summary>
public sealed class RestRouteTableStartupTests
{
    [Fact]
    public async Task RestCallBeforeTheTableIsBuilt_WaitsForIt_WhileGrpcIsServed()
    {
        var gate = new HeldRouteTable();
        var port = FreePort();
        await using var app = ServerApplication.Build(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IRestRouteArbiter>(gate); // first: consulted before the server's own
        });
        var starting = app.StartAsync();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var grpc = new GrpcTestClient(baseAddress);
        var control = new EmulatorControl.EmulatorControlClient(grpc.Channel);
        using var rest = new RestTestClient(baseAddress);
        try
        {
            // The table's building is held at its first shared path, and the server listens meanwhile.
            await gate.Reached.Task.DefaultTimeout();
            var clock = await CallWhenListeningAsync(() => control.GetClockAsync(new GetClockRequest()).ResponseAsync);
            Assert.NotNull(clock.Now);
            Assert.False(starting.IsCompleted, "start-up ended before the REST routes were built");

            var restCall = rest.GetAsync("/emulator/v1/clock");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            Assert.False(restCall.IsCompleted, "a REST call was answered before the routes it needs were built");

            gate.Release.SetResult();
            var response = await restCall;
            Assert.Equal(HttpStatusCode.OK, response.Status);
            await starting.DefaultTimeout();
        }
        finally
        {
            gate.Release.TrySetResult();
            await starting.WaitAsync(TestTimeouts.Default).ContinueWith(_ => { }, TaskScheduler.Default);
            await app.StopAsync().DefaultTimeout();
        }
    }

    private static async Task<T> CallWhenListeningAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Grpc.Core.RpcException exception) when (exception.StatusCode == Grpc.Core.StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An arbiter with no say that holds the table's building at the first path two APIs share.</summary>
    private sealed class HeldRouteTable : IRestRouteArbiter
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MethodDescriptor? Choose(string httpMethod, string template, MethodDescriptor first, MethodDescriptor second)
        {
            Reached.TrySetResult();
            Release.Task.Wait(TestTimeouts.Default);
            return null;
        }
    }
}
