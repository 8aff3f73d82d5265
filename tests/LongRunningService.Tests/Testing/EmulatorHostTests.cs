using System.Net;
using System.Net.Sockets;
using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Grpc.Core;
using Grpc.Net.Client;
using LongRunning.Emulator.V1;
using LongRunningService.Testing;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Testing;

/// <summary>The in-process host a .NET test suite starts: its options, its clients and its lifetime.</summary>
public sealed class EmulatorHostTests
{
    private const string Parent = "projects/host-tests/locations/us-central1";

    [Fact]
    public async Task TwoHosts_InOneProcess_ListenApartAndKeepTheirOwnJobsClocksAndMetrics()
    {
        await using var first = await EmulatorHost.StartAsync(new() { PauseClock = true }).DefaultTimeout();
        await using var second = await EmulatorHost.StartAsync().DefaultTimeout();
        Assert.NotEqual(first.Address, second.Address);

        var created = await new PipelineService.PipelineServiceClient(first.Channel)
            .CreatePipelineJobAsync(new CreatePipelineJobRequest { Parent = Parent, PipelineJob = new PipelineJob { DisplayName = "only-here" } })
            .ResponseAsync.DefaultTimeout();
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() =>
            new PipelineService.PipelineServiceClient(second.Channel).GetPipelineJobAsync(new GetPipelineJobRequest { Name = created.Name }).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);

        Assert.Equal(Clock.Types.Mode.Paused, (await first.Control.GetClockAsync().DefaultTimeout()).Mode);
        Assert.Equal(Clock.Types.Mode.Running, (await second.Control.GetClockAsync().DefaultTimeout()).Mode);

        // Each host counts its own calls only.
        await first.Control.FaultsAsync().DefaultTimeout();
        Assert.Contains("ListFaultRules", await Metrics(first));
        Assert.DoesNotContain("ListFaultRules", await Metrics(second));
    }

    [Fact]
    public async Task Settings_AndLatencyProfile_ReachTheServer()
    {
        await using var host = await EmulatorHost.StartAsync(new()
        {
            LatencyProfile = "instant",
            Settings = { ["Operations:MaxOperations"] = "1234" },
        }).DefaultTimeout();

        var profiles = await host.Control.Client.ListLatencyProfilesAsync(new ListLatencyProfilesRequest()).ResponseAsync.DefaultTimeout();
        Assert.Equal("instant", Assert.Single(profiles.LatencyProfiles, p => p.Default).Name);
        Assert.Contains("longrunning_registry_capacity 1234", await Metrics(host));
    }

    [Fact]
    public async Task InvalidSetting_FailsStartAsync_NamingIt()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => EmulatorHost.StartAsync(new() { Settings = { ["Operations:MaxPageSize"] = "many" } }).DefaultTimeout());
        Assert.Contains("Operations:MaxPageSize", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthToken_IsCarriedByTheHostsChannelAndHttpClient_AndRequiredOfOthers()
    {
        await using var host = await EmulatorHost.StartAsync(new() { AuthToken = "s3cret" }).DefaultTimeout();

        await host.Control.GetClockAsync().DefaultTimeout();
        using (var http = host.CreateHttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/emulator/v1/clock").DefaultTimeout()).StatusCode);
        }

        using var bare = GrpcChannel.ForAddress(host.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new EmulatorControls(bare).GetClockAsync().DefaultTimeout());
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Seed_FromAnObjectAndFromAFile_IsThereWhenStartAsyncReturns()
    {
        var fromObject = new Operation { Name = $"{Parent}/operations/from-object", Done = true, Error = new Google.Rpc.Status { Code = 5, Message = "gone" } };
        var file = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetTempFileName());
        try
        {
            await File.WriteAllTextAsync(file, $$"""{"operations": [{"name": "{{Parent}}/operations/from-file", "done": true}]}""");
            await using var host = await EmulatorHost.StartAsync(new() { SeedFile = file, Seed = new EmulatorState { Operations = { fromObject } } }).DefaultTimeout();

            var operations = new Google.LongRunning.Operations.OperationsClient(host.Channel);
            Assert.Equal(fromObject, await operations.GetOperationAsync(new GetOperationRequest { Name = fromObject.Name }).ResponseAsync.DefaultTimeout());
            Assert.True((await operations.GetOperationAsync(new GetOperationRequest { Name = $"{Parent}/operations/from-file" }).ResponseAsync.DefaultTimeout()).Done);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RestBindingsOfTheServiceConfigs_AreServed()
    {
        await using var host = await EmulatorHost.StartAsync().DefaultTimeout();
        using var http = host.CreateHttpClient();

        // Vertex AI's /ui/ operations path is bound only by config/aiplatform_v1.yaml.
        var response = await http.GetAsync($"/ui/{Parent}/operations").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConfigureLogging_ReceivesTheServersLog()
    {
        var logs = new CapturingLoggerProvider();
        await using (var host = await EmulatorHost.StartAsync(new() { ConfigureLogging = logging => logging.AddProvider(logs) }).DefaultTimeout())
        {
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains(host.Address.Authority, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DisposeAsync_StopsTheServerAndReleasesItsPort()
    {
        var host = await EmulatorHost.StartAsync().DefaultTimeout();
        var port = host.Address.Port;
        await host.DisposeAsync();
        await host.DisposeAsync(); // twice is harmless

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<string> Metrics(EmulatorHost host)
    {
        using var http = host.CreateHttpClient();
        return await http.GetStringAsync("/metrics").DefaultTimeout();
    }
}
