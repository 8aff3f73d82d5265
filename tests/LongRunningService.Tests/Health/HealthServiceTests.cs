using Grpc.Core;
using Grpc.Health.V1;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Health;

public sealed class HealthServiceTests
{
    [Theory]
    [InlineData("")]
    [InlineData("google.longrunning.Operations")]
    [InlineData("grpc.health.v1.Health")]
    [InlineData("grpc.reflection.v1.ServerReflection")]
    public async Task Check_ServerOrServedService_ReturnsServing(string service)
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);

        var response = await client.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow + TestTimeouts.Default);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_FailsNotFound()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CheckAsync(new HealthCheckRequest { Service = "google.longrunning.Nope" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Service 'google.longrunning.Nope' is not served here.", error.Status.Detail);
    }

    [Fact]
    public async Task Check_HugeUnknownServiceName_QuotesOnlyItsStart()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);
        var name = new string('9', 100_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CheckAsync(new HealthCheckRequest { Service = name }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("Service '9999", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(error.Status.Detail.Length < 300, $"{error.Status.Detail.Length} characters quoted");
    }

    [Fact]
    public async Task Check_ShutdownBegun_ReportsNotServing()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);
        Assert.Equal(ServingStatus.Serving, (await client.CheckAsync(new HealthCheckRequest())).Status);

        server.GetService<IHostApplicationLifetime>().StopApplication();
        var response = await client.CheckAsync(new HealthCheckRequest { Service = "google.longrunning.Operations" });

        Assert.Equal(ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Watch_ShutdownBegins_SendsServingThenNotServingThenEndsUnavailable()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);
        using var call = client.Watch(new HealthCheckRequest { Service = "google.longrunning.Operations" }, deadline: DateTime.UtcNow + TestTimeouts.Default);

        var first = await NextStatusAsync(call);
        server.GetService<IHostApplicationLifetime>().StopApplication();
        var second = await NextStatusAsync(call);
        var end = await Assert.ThrowsAsync<RpcException>(() => NextStatusAsync(call));

        Assert.Equal(ServingStatus.Serving, first);
        Assert.Equal(ServingStatus.NotServing, second);
        Assert.Equal(StatusCode.Unavailable, end.StatusCode);
    }

    [Fact]
    public async Task Watch_UnknownService_SendsServiceUnknownAndKeepsTheStreamOpen()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);
        using var call = client.Watch(new HealthCheckRequest { Service = "google.longrunning.Nope" }, deadline: DateTime.UtcNow + TestTimeouts.Default);

        var first = await NextStatusAsync(call);
        var next = NextStatusAsync(call);
        await Task.Delay(100);
        Assert.False(next.IsCompleted);

        // Still open until shutdown ends it; the unknown service has no status to change to.
        server.GetService<IHostApplicationLifetime>().StopApplication();
        var end = await Assert.ThrowsAsync<RpcException>(() => next);

        Assert.Equal(ServingStatus.ServiceUnknown, first);
        Assert.Equal(StatusCode.Unavailable, end.StatusCode);
    }

    [Fact]
    public async Task Watch_ClientCancels_TheServerLogsNoError()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new Grpc.Health.V1.Health.HealthClient(channel);
        using var cancel = new CancellationTokenSource();
        using var call = client.Watch(new HealthCheckRequest(), cancellationToken: cancel.Token);

        Assert.Equal(ServingStatus.Serving, await NextStatusAsync(call));
        await cancel.CancelAsync();
        var end = await Assert.ThrowsAsync<RpcException>(() => NextStatusAsync(call));

        Assert.Equal(StatusCode.Cancelled, end.StatusCode);
    }

    // One message off the stream; throws when the stream has ended with a status other than OK.
    private static async Task<ServingStatus?> NextStatusAsync(AsyncServerStreamingCall<HealthCheckResponse> call) =>
        await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout() ? call.ResponseStream.Current.Status : null;
}
