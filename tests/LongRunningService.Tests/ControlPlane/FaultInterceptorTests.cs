using System.Net;
using System.Text.Json;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.ControlPlane;

/// <summary>Fault rules and the journal run in the library's call pipeline, which every protocol passes.</summary>
public sealed class FaultInterceptorTests
{
    private const string GetOperation = "google.longrunning.Operations/GetOperation";

    [Fact]
    public async Task FaultRule_FiresOnEveryProtocol_WithOneJournalEntryAndOneLogLinePerCall()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        using var rest = new RestTestClient(server.BaseAddress);
        var control = new ControlTestClient(grpc);
        var request = new GetOperationRequest { Name = "projects/p/operations/faulted" };
        await control.AddFaultAsync(new FaultRule
        {
            Method = GetOperation,
            Status = new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = "Injected refusal." },
        });

        var overGrpc = await grpc.CallForStatusAsync("/" + GetOperation, request);
        var overWeb = await web.PostAsync("/" + GetOperation, "application/grpc-web", new ByteArrayContent(GrpcFrames.Frame(request)));
        var overConnect = await web.PostAsync("/" + GetOperation, "application/json", new StringContent($$"""{"name":"{{request.Name}}"}"""));
        var overRest = await rest.GetAsync("/v1/" + request.Name);

        Assert.Equal(Code.PermissionDenied, overGrpc.StatusCode);
        Assert.Equal("Injected refusal.", overGrpc.GrpcMessage);
        Assert.Equal(((int)Code.PermissionDenied).ToString(System.Globalization.CultureInfo.InvariantCulture), overWeb.Header("grpc-status"));
        Assert.Equal(HttpStatusCode.Forbidden, overConnect.Status);
        Assert.Equal("permission_denied", JsonDocument.Parse(overConnect.Text).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, overRest.Status);
        Assert.Equal("PERMISSION_DENIED", overRest.Error.GetProperty("status").GetString());
        Assert.Equal("Injected refusal.", overRest.Error.GetProperty("message").GetString());

        var calls = (await control.ListCallsAsync(resource: request.Name)).Calls;
        Assert.Equal(["grpc", "grpc-web", "connect", "rest"], calls.Select(c => c.Protocol));
        Assert.All(calls, c => Assert.Equal(GetOperation, c.Method));
        Assert.All(calls, c => Assert.Equal((int)Code.PermissionDenied, c.StatusCode));
        Assert.Equal(4, Assert.Single((await control.ListFaultsAsync()).FaultRules).FiredCount);

        foreach (var protocol in new[] { "grpc", "grpc-web", "connect", "rest" })
        {
            var prefix = $"{protocol} /{GetOperation} PERMISSION_DENIED in ";
            Assert.EndsWith(" on " + request.Name, await server.Logs.WaitForCallLineAsync(prefix), StringComparison.Ordinal);
        }

        // Any second report of a call would have come with the first.
        foreach (var protocol in new[] { "grpc", "grpc-web", "connect", "rest" })
        {
            Assert.Single(server.Logs.Entries, e => e.Category == CallLog.Category
                && e.Message.StartsWith(protocol + " ", StringComparison.Ordinal) && e.Message.Contains("GetOperation", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FaultRuleWithDetails_RestAnswersGooglesEnvelopeWithThem_AndGrpcItsDetailsTrailer()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var rest = new RestTestClient(server.BaseAddress);
        var info = new ErrorInfo { Reason = "INJECTED_OUTAGE", Domain = "emulator.test", Metadata = { ["zone"] = "z1" } };
        await new ControlTestClient(grpc).AddFaultAsync(new FaultRule
        {
            Method = GetOperation,
            Status = new Google.Rpc.Status { Code = (int)Code.Unavailable, Message = "Injected outage.", Details = { Any.Pack(info) } },
        });

        var response = await rest.GetAsync("/v1/projects/p/operations/any");
        var overGrpc = await grpc.CallRawAsync("/" + GetOperation, new GetOperationRequest { Name = "projects/p/operations/any" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        var error = response.Error;
        Assert.Equal(503, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAVAILABLE", error.GetProperty("status").GetString());
        Assert.Equal("Injected outage.", error.GetProperty("message").GetString());
        var detail = Assert.Single(error.GetProperty("details").EnumerateArray().ToArray());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("INJECTED_OUTAGE", detail.GetProperty("reason").GetString());
        Assert.Equal("z1", detail.GetProperty("metadata").GetProperty("zone").GetString());

        Assert.Equal(Code.Unavailable, overGrpc.StatusCode);
        Assert.Equal(info, Assert.Single(overGrpc.StatusDetails!.Details).Unpack<ErrorInfo>());
    }

    [Fact]
    public async Task FaultRule_FiresOnAPathOnlyRestBinds()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var rest = new RestTestClient(server.BaseAddress);
        const string name = "projects/p/locations/us-central1/operations/ui-only";
        await new ControlTestClient(grpc).AddFaultAsync(new FaultRule
        {
            Method = GetOperation,
            ResourcePattern = name,
            Count = 1,
            Status = new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = "Injected quota." },
        });

        // Vertex AI's /ui/ path reaches GetOperation only through JSON transcoding.
        var faulted = await rest.GetAsync("/ui/" + name);
        var after = await rest.GetAsync("/ui/" + name);

        Assert.Equal(HttpStatusCode.TooManyRequests, faulted.Status);
        Assert.Equal("RESOURCE_EXHAUSTED", faulted.Error.GetProperty("status").GetString());
        Assert.Equal("Injected quota.", faulted.Error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        var calls = (await new ControlTestClient(grpc).ListCallsAsync(resource: name)).Calls;
        Assert.Equal([(int)Code.ResourceExhausted, (int)Code.NotFound], calls.Select(c => c.StatusCode));
        Assert.All(calls, c => Assert.Equal("rest", c.Protocol));
    }
}
