using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Google.LongRunning;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;
using LongRunningService.Tests.Transcoding;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Operating;

/// <summary>The one Information line per call, under <see cref="CallLog.Category"/>, on every protocol and call type.</summary>
public sealed partial class CallLogTests
{
    [Fact]
    public async Task GrpcUnaryCall_LogsProtocolMethodStatusDurationPeerAndResource()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);
        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");

        await operations.GetAsync(started.Name);

        var line = await server.Logs.WaitForCallLineAsync("grpc /google.longrunning.Operations/GetOperation OK in ");
        Assert.Matches(CallLine(), line);
        Assert.EndsWith(" on projects/p/operations/op-1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcCallThatFails_LogsTheStatusName()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallForStatusAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = "operations/missing" });

        Assert.Equal(Google.Rpc.Code.NotFound, result.StatusCode);
        var line = await server.Logs.WaitForCallLineAsync("grpc /google.longrunning.Operations/GetOperation NOT_FOUND in ");
        Assert.EndsWith(" on operations/missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcUnknownMethod_IsLoggedUnimplemented()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.SendAsync("/no.such.Service/Method", GrpcFrames.Frame(new EchoRequest()));

        Assert.Equal(Google.Rpc.Code.Unimplemented, result.StatusCode);
        Assert.Matches(CallLine(), await server.Logs.WaitForCallLineAsync("grpc /no.such.Service/Method UNIMPLEMENTED in "));
    }

    [Fact]
    public async Task GrpcServerStreamingCall_IsLoggedWhenTheStreamEnds()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "Expand", new EchoRequest { Message = "m", Count = 3 });

        Assert.Equal(Google.Rpc.Code.Ok, result.StatusCode);
        Assert.Matches(CallLine(), await server.Logs.WaitForCallLineAsync("grpc /longrunning.tests.v1.ProtocolTest/Expand OK in "));
    }

    [Fact]
    public async Task RestCall_IsLoggedWithTheGrpcMethodAndResource()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/operations/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        var line = await server.Logs.WaitForCallLineAsync("rest /google.longrunning.Operations/GetOperation NOT_FOUND in ");
        Assert.Matches(CallLine(), line);
        Assert.EndsWith(" on operations/missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestRequestNoRouteTakes_IsLoggedWithItsPath()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v9/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Matches(CallLine(), await server.Logs.WaitForCallLineAsync("rest GET /v9/nothing/here NOT_FOUND in "));
    }

    [Fact]
    public async Task RestRequestWithWrongHttpMethod_IsLoggedUnimplemented()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.SendAsync(HttpMethod.Put, "/v1/operations/x", "{}", r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        await server.Logs.WaitForCallLineAsync("rest PUT /v1/operations/x UNIMPLEMENTED in ");
    }

    [Fact]
    public async Task LogLevelWarning_LeavesOutTheCallLines()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);

        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        await operations.GetAsync(started.Name);

        // Each call's line is written before its response ends, so after two answers none can still come.
        Assert.DoesNotContain(server.Logs.Entries, e => e.Category == CallLog.Category);
    }

    [Fact]
    public async Task OperationStateChanges_AreLoggedAtDebug()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug" });
        using var client = server.CreateClient();
        var operations = new OperationsTestClient(client);

        var started = await operations.StartAsync("projects/p", OperationsTestClient.LongRunning(), "op-1");
        await operations.CancelAsync(started.Name);
        await operations.DeleteAsync(started.Name);

        var debug = server.Logs.Entries.Where(e => e.Level == LogLevel.Debug && e.Category.EndsWith("InMemoryOperationRegistry", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains("Operation projects/p/operations/op-1 created", debug);
        Assert.Contains("Operation projects/p/operations/op-1: cancellation requested", debug);
        Assert.Contains("Operation projects/p/operations/op-1 deleted", debug);
        await server.Logs.WaitForAsync(e => e.Message == "Operation projects/p/operations/op-1 done with Cancelled");
    }

    [Fact]
    public async Task JobStateChanges_AreLoggedAtDebug()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug" });
        var client = new VertexTestClient(server.CreateClient());

        var created = await client.CreatePipelineJobAsync(
            "projects/p/locations/us-central1",
            VertexTestClient.Pipeline(("emulator-queued", "0ms"), ("emulator-pending", "0ms"), ("emulator-duration", "0ms")));
        await server.Logs.WaitForAsync(e => e.Message == $"Job {created.Name} ended Succeeded with Ok");

        var debug = server.Logs.Entries.Where(e => e.Level == LogLevel.Debug && e.Message.StartsWith($"Job {created.Name} ", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(
            [$"Job {created.Name} created Queued", $"Job {created.Name} is now Pending", $"Job {created.Name} is now Running", $"Job {created.Name} ended Succeeded with Ok"],
            debug);
    }

    [GeneratedRegex(@"^(grpc|rest) \S+( \S+)? [A-Z_]+ in \d+(\.\d+)? ms from ipv4:127\.0\.0\.1:\d+( on \S+)?$")]
    private static partial Regex CallLine();
}
