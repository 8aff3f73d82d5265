using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

public sealed class ResetTests
{
    [Fact]
    public async Task Reset_Everything_LeavesTheServerEmptyAndServing()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var running = await operations.StartAsync("projects/a", OperationsTestClient.LongRunning());
        var job = await vertex.CreatePipelineJobAsync("projects/a/locations/l", VertexTestClient.Pipeline(("emulator-duration", "1h")));
        await control.AddFaultAsync(new FaultRule { Method = "*", ResourcePattern = "nothing", Status = new Google.Rpc.Status { Code = 14 } });

        var reset = await control.ResetAsync();

        Assert.Equal(1, reset.OperationsRemoved);
        Assert.Equal(1, reset.JobsRemoved);
        Assert.Equal(1, reset.FaultRulesRemoved);
        Assert.True(reset.CallsRemoved >= 2);
        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => operations.GetAsync(running.Name))).Code());
        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => vertex.GetPipelineJobAsync(job.Name))).Code());
        Assert.Empty((await control.ListFaultsAsync()).FaultRules);
        var again = await operations.StartAsync("projects/a", new OperationScript());
        Assert.True(again.Done);
    }

    [Fact]
    public async Task Reset_OneProject_KeepsTheOthers()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var dropped = await operations.StartAsync("projects/a/locations/l", new OperationScript());
        var kept = await operations.StartAsync("projects/b/locations/l", new OperationScript());

        var reset = await control.ResetAsync("a");

        Assert.Equal(1, reset.OperationsRemoved);
        Assert.Equal(Code.NotFound, (await Assert.ThrowsAsync<RpcException>(() => operations.GetAsync(dropped.Name))).Code());
        Assert.Equal(kept.Name, (await operations.GetAsync(kept.Name)).Name);
    }
}
