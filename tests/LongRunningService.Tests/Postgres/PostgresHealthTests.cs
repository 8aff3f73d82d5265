using System.Net;
using Grpc.Health.V1;
using LongRunningService.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Tests.Postgres;

/// <summary>
/// A server whose PostgreSQL database becomes unreachable says so on both of
/// its health surfaces, gRPC health and <c>/healthz</c>, and serves again once
/// the database is back.
/// </summary>
public sealed class PostgresHealthTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [PostgresFact]
    public async Task DatabaseUnreachable_GrpcHealthAndHealthzSayNotServing_UntilItIsBack()
    {
        var (database, role) = await postgres.NewDatabaseForOwnRoleAsync();
        await using var server = await TestServer.StartAsync(arguments: ["--postgres", database]);
        using var channel = TestChannels.For(server);
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Default };
        using var watch = health.Watch(new HealthCheckRequest(), deadline: DateTime.UtcNow + TestTimeouts.Default);
        var watched = new List<ServingStatus>();
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        watched.Add(watch.ResponseStream.Current.Status);
        var before = (await health.CheckAsync(new HealthCheckRequest())).Status;

        await postgres.CutOffAsync(role);
        var during = await VertexTestClient.EventuallyAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest { Service = "google.longrunning.Operations" })).Status,
            s => s == ServingStatus.NotServing);
        using var healthzDuring = await http.GetAsync("/healthz");
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        watched.Add(watch.ResponseStream.Current.Status);

        await postgres.LetBackAsync(role);
        var after = await VertexTestClient.EventuallyAsync(async () => (await health.CheckAsync(new HealthCheckRequest())).Status, s => s == ServingStatus.Serving);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        watched.Add(watch.ResponseStream.Current.Status);
        using var healthzAfter = await http.GetAsync("/healthz");

        Assert.Equal(ServingStatus.Serving, before);
        Assert.Equal(ServingStatus.NotServing, during);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthzDuring.StatusCode);
        Assert.Equal(ServingStatus.Serving, after);
        Assert.Equal(HttpStatusCode.OK, healthzAfter.StatusCode);
        Assert.Equal([ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.Serving], watched);
    }
}
