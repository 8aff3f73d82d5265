using System.Net.Http.Headers;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Protos;
using LongRunningService.Tests.TestServices;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Operating;

/// <summary>A client that goes away mid-call: a CANCELLED call, never a warning or an error.</summary>
public sealed class ClientLeavesTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Fact]
    public async Task GrpcClientCancelsMidCall_IsCancelledWithNoWarningOrError()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();
        using var leave = new CancellationTokenSource();

        var call = client.SendAsync(Echo, GrpcFrames.Frame(new EchoRequest { DelayMs = 60_000 }), cancellationToken: leave.Token);
        await server.GetService<ProtocolTestService>().DelayStarted.Task.DefaultTimeout();
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        await server.Logs.WaitForCallLineAsync("grpc /longrunning.tests.v1.ProtocolTest/Echo CANCELLED in ");
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RestClientDropsConnectionDuringWait_IsCancelledWithNoWarningOrError()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var name = await StartRunningAsync(grpc);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        // REST has no signal that the wait began: the client leaves after ample time for it to arrive.
        using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var content = new StringContent("{\"timeout\":\"600s\"}");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.PostAsync($"/v1/{name}:wait", content, leave.Token));

        await server.Logs.WaitForCallLineAsync("rest /google.longrunning.Operations/WaitOperation CANCELLED in ");
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    private static async Task<string> StartRunningAsync(GrpcTestClient client)
    {
        var operation = await client.CallAsync(
            "/longrunning.emulator.v1.OperationsEmulator/StartOperation",
            new StartOperationRequest { Parent = "projects/leave/locations/l", Script = new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)) } },
            Operation.Parser);
        return operation.Name;
    }
}
