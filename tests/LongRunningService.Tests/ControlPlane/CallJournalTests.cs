using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.ControlPlane;

public sealed class CallJournalTests
{
    [Fact]
    public async Task Journal_RecordsDeadlineHeadersStatusAndGapsBetweenPolls()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        await control.PauseAsync();
        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning());
        var request = new Google.LongRunning.GetOperationRequest { Name = started.Name };

        await grpc.CallRawAsync(OperationsTestClient.Operations + "GetOperation", request, r =>
        {
            r.Headers.Add("grpc-timeout", "30S");
            r.Headers.Add("x-goog-request-params", "name=projects%2Fp");
            r.Headers.Add("x-goog-api-client", "gl-node/20 gax/5");
        });
        await control.AdvanceAsync(TimeSpan.FromSeconds(3));
        await grpc.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", request);
        await grpc.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new Google.LongRunning.GetOperationRequest { Name = "projects/p/operations/missing" });

        var polls = await control.ListCallsAsync(method: "google.longrunning.Operations/GetOperation", resource: started.Name);
        var missing = await control.ListCallsAsync(resource: "projects/p/operations/missing");

        Assert.Equal(2, polls.Calls.Count);
        var first = polls.Calls[0];
        Assert.Equal("grpc", first.Protocol);
        // What remained of the client's 30 s when the call reached the service.
        Assert.InRange(first.Timeout.ToTimeSpan(), TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
        Assert.Equal("name=projects%2Fp", first.Headers["x-goog-request-params"]);
        Assert.Equal("gl-node/20 gax/5", first.Headers["x-goog-api-client"]);
        Assert.Equal(0, first.StatusCode);
        Assert.Null(first.Gap);
        Assert.Equal(TimeSpan.FromSeconds(3), polls.Calls[1].Gap.ToTimeSpan());
        Assert.Equal((int)Google.Rpc.Code.NotFound, Assert.Single(missing.Calls).StatusCode);
    }

    [Fact]
    public async Task Journal_ControlCallsAreNotRecorded_AndPagesWalkInOrder()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        for (var i = 0; i < 5; i++)
        {
            await operations.StartAsync("projects/p", new OperationScript(), $"op{i}");
        }

        await control.GetClockAsync();
        var first = await control.ListCallsAsync(pageSize: 3);
        var second = await control.ListCallsAsync(pageSize: 3, pageToken: first.NextPageToken);

        Assert.Equal(["projects/p", "projects/p", "projects/p"], first.Calls.Select(c => c.Resource));
        Assert.Equal(2, second.Calls.Count);
        Assert.Empty(second.NextPageToken);
        Assert.All(first.Calls.Concat(second.Calls), c => Assert.Equal("longrunning.emulator.v1.OperationsEmulator/StartOperation", c.Method));
    }
}
