using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

public sealed class FaultRuleTests
{
    [Fact]
    public async Task FaultRule_FailNextTwoGetOperationCalls_ExactlyTwoFail()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var started = await operations.StartAsync("projects/p", new OperationScript());
        await control.AddFaultAsync(new FaultRule
        {
            Method = "google.longrunning.Operations/GetOperation",
            Count = 2,
            Status = new Google.Rpc.Status { Code = (int)Code.Unavailable, Message = "Injected outage." },
        });

        var outcomes = new List<Code>();
        for (var i = 0; i < 4; i++)
        {
            var result = await grpc.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = started.Name }, Google.LongRunning.Operation.Parser);
            outcomes.Add(result);
        }

        Assert.Equal([Code.Unavailable, Code.Unavailable, Code.Ok, Code.Ok], outcomes);
        Assert.Equal(2, Assert.Single((await control.ListFaultsAsync()).FaultRules).FiredCount);
    }

    [Fact]
    public async Task FaultRule_ResourcePattern_OnlyMatchingResourcesFail()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var target = await operations.StartAsync("projects/target", new OperationScript());
        var other = await operations.StartAsync("projects/other", new OperationScript());
        await control.AddFaultAsync(new FaultRule
        {
            Method = "*",
            ResourcePattern = "projects/target/*",
            Status = new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = "No." },
        });

        var targetResult = await grpc.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = target.Name }, Google.LongRunning.Operation.Parser);
        var otherResult = await grpc.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = other.Name }, Google.LongRunning.Operation.Parser);

        Assert.Equal(Code.PermissionDenied, targetResult);
        Assert.Equal(Code.Ok, otherResult);
    }

    [Fact]
    public async Task FaultRule_SeededProbability_FiresTheSameCallsEveryRun()
    {
        static async Task<List<Code>> RunAsync()
        {
            await using var server = await TestServer.StartAsync();
            using var grpc = server.CreateClient();
            var operations = new OperationsTestClient(grpc);
            var started = await operations.StartAsync("projects/p", new OperationScript());
            await new ControlTestClient(grpc).AddFaultAsync(new FaultRule
            {
                Method = "google.longrunning.Operations/GetOperation",
                Probability = 0.5,
                Seed = 42,
                Status = new Google.Rpc.Status { Code = (int)Code.Unavailable },
            });
            var outcomes = new List<Code>();
            for (var i = 0; i < 20; i++)
            {
                outcomes.Add(await grpc.StatusOfAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = started.Name }, Google.LongRunning.Operation.Parser));
            }

            return outcomes;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(Code.Unavailable, first);
        Assert.Contains(Code.Ok, first);
    }

    [Fact]
    public async Task FaultRule_Delay_WaitsOnTheEmulatorClock()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        var started = await operations.StartAsync("projects/p", new OperationScript());
        await control.PauseAsync();
        await control.AddFaultAsync(new FaultRule
        {
            Method = "google.longrunning.Operations/GetOperation",
            Count = 1,
            Delay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        });
        var before = await control.GetClockAsync();

        var delayed = operations.GetAsync(started.Name);
        await VertexTestClient.EventuallyAsync(control.GetClockAsync, c => c.PendingTimers > before.PendingTimers);
        Assert.False(delayed.IsCompleted);
        await control.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(started.Name, (await delayed.DefaultTimeout()).Name);
    }

    [Theory]
    [InlineData("", "fault_rule.method")]
    [InlineData("GetOperation", "fault_rule.method")]
    public async Task CreateFaultRule_BadMethod_ReturnsInvalidArgument(string method, string field)
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => control.AddFaultAsync(new FaultRule { Method = method, Status = new Google.Rpc.Status { Code = 14 } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal(field, Assert.Single(Assert.Single(error.StatusDetails()!.Details).Unpack<BadRequest>().FieldViolations).Field);
    }
}
