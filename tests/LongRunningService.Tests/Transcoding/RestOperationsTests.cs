using System.Net;
using System.Text;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Tests.Transcoding;

/// <summary>
/// google.longrunning.Operations over REST at the paths Google's clients use, each
/// answer checked against the same call over gRPC, printed by Google.Protobuf's own
/// JsonFormatter.
/// </summary>
public sealed class RestOperationsTests
{
    private static readonly JsonFormatter.Settings OracleSettings = JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(
        OperationsReflection.Descriptor, OperationsEmulatorReflection.Descriptor, WrappersReflection.Descriptor, ErrorDetailsReflection.Descriptor));

    private static readonly JsonFormatter Oracle = new(OracleSettings);

    [Theory]
    [InlineData("", "/v1/")]
    [InlineData("projects/p/locations/l", "/ui/")]
    [InlineData("projects/p/locations/l", "/v1/")]
    [InlineData("projects/p/locations/l", "/v1beta1/")]
    [InlineData("projects/p/locations/l/pipelineJobs/j", "/ui/")]
    [InlineData("projects/p/locations/l/pipelineJobs/j", "/v1beta1/")]
    [InlineData("projects/p", "/v1/")]
    public async Task GetOperation_AtEachBinding_ReturnsWhatGrpcReturns(string parent, string prefix)
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync(parent, OperationsTestClient.LongRunning(), "op-1");
        var expected = await grpc.GetAsync(started.Name);

        var response = await rest.GetAsync(prefix + started.Name);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=UTF-8", response.ContentHeaders.ContentType!.ToString());
        JsonAssert.Equal(Oracle.Format(expected), response.Body);
    }

    [Fact]
    public async Task GetOperation_FinishedWithResponse_PrintsAnyWithItsType()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync("projects/p/locations/l", new OperationScript { Response = Any.Pack(new StringValue { Value = "result" }) }, "done-1");

        var response = await rest.GetAsync("/ui/projects/p/locations/l/operations/done-1?");

        JsonAssert.Equal(Oracle.Format(started), response.Body);
        Assert.Equal("type.googleapis.com/google.protobuf.StringValue", response.Json.GetProperty("response").GetProperty("@type").GetString());
        Assert.Equal("result", response.Json.GetProperty("response").GetProperty("value").GetString());
    }

    [Fact]
    public async Task GetOperation_Repeatedly_EveryAnswerIsTheSameJsonEndedByANewLine()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var finished = await grpc.StartAsync("projects/p/locations/l", new OperationScript { Response = Any.Pack(new StringValue { Value = "r" }) }, "again");
        var pretty = Encoding.UTF8.GetBytes(new JsonFormatter(OracleSettings.WithIndentation("  ")).Format(finished) + "\n");

        // The registry's one snapshot each time; indented exactly as Google's formatter indents when asked; a newline ends each.
        for (var i = 0; i < 4; i++)
        {
            var compact = await rest.GetAsync("/v1/projects/p/locations/l/operations/again");
            JsonAssert.Equal(Oracle.Format(finished), compact.Body);
            Assert.Equal((byte)'\n', compact.RawBody[^1]);
            Assert.Equal(pretty, (await rest.GetAsync("/v1/projects/p/locations/l/operations/again?prettyPrint=true")).RawBody);
        }
    }

    [Fact]
    public async Task GetOperation_AfterItChanges_AnswersTheNewState()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning(), "changes");
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await rest.GetAsync("/v1/projects/p/locations/l/operations/changes")).Json.TryGetProperty("done", out _));
        }

        await grpc.CancelAsync(started.Name);
        var cancelled = await grpc.WaitAsync(started.Name, TimeSpan.FromSeconds(10));
        var response = await rest.GetAsync("/v1/projects/p/locations/l/operations/changes");

        Assert.True(cancelled.Done);
        JsonAssert.Equal(Oracle.Format(cancelled), response.Body);
    }

    [Fact]
    public async Task ListOperations_FilterAndPageSize_PagesLikeGrpc()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        foreach (var id in new[] { "d1", "r1", "d2", "r2", "d3" })
        {
            await grpc.StartAsync("projects/p/locations/l", id[0] == 'r' ? OperationsTestClient.LongRunning() : new OperationScript(), id);
        }

        var first = await rest.GetAsync("/ui/projects/p/locations/l/operations?filter=done%3Dtrue&pageSize=2");
        var token = first.Json.GetProperty("nextPageToken").GetString()!;
        var second = await rest.GetAsync("/ui/projects/p/locations/l/operations?filter=done%3Dtrue&pageSize=2&pageToken=" + Uri.EscapeDataString(token));

        var expectedFirst = await grpc.ListAsync("projects/p/locations/l", "done=true", 2);
        var expectedSecond = await grpc.ListAsync("projects/p/locations/l", "done=true", 2, token);
        JsonAssert.Equal(Oracle.Format(expectedFirst), first.Body);
        JsonAssert.Equal(Oracle.Format(expectedSecond), second.Body);
        Assert.Equal(["projects/p/locations/l/operations/d1", "projects/p/locations/l/operations/d2"], expectedFirst.Operations.Select(o => o.Name));
        Assert.Equal("projects/p/locations/l/operations/d3", Assert.Single(expectedSecond.Operations).Name);
        Assert.Equal(string.Empty, expectedSecond.NextPageToken);
    }

    [Fact]
    public async Task ListOperations_TopLevelCollection_ListsLikeGrpc()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        await grpc.StartAsync(string.Empty, new OperationScript(), "top");

        var response = await rest.GetAsync("/v1/operations?page_size=10");

        JsonAssert.Equal(Oracle.Format(await grpc.ListAsync("operations", pageSize: 10)), response.Body);
        Assert.Equal("operations/top", Assert.Single(response.Json.GetProperty("operations").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("projects/p/locations/l", "/ui/", null)]
    [InlineData("projects/p/locations/l", "/ui/", "{}")]
    [InlineData("projects/p/locations/l", "/v1beta1/", "{}")]
    [InlineData("", "/v1/", null)]
    [InlineData("", "/v1/", "{}")]
    public async Task CancelOperation_NoBodyOrEmptyObject_ReturnsEmptyObjectThenEndsCancelled(string parent, string prefix, string? body)
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync(parent, OperationsTestClient.LongRunning(), "c1");

        var response = await rest.PostAsync(prefix + started.Name + ":cancel", body);
        var operation = await grpc.WaitAsync(started.Name, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonAssert.Equal(Oracle.Format(new Empty()), response.Body);
        Assert.True(operation.Done);
        Assert.Equal((int)Code.Cancelled, operation.Error.Code);
    }

    [Fact]
    public async Task WaitOperation_TimeoutInQuery_ReturnsLatestStateWhenItPasses()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning(), "w1");

        var waiting = rest.PostAsync("/ui/projects/p/locations/l/operations/w1:wait?timeout=1s", body: null);
        await clock.WhenTimerDueIn(TimeSpan.FromSeconds(1)).DefaultTimeout();
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await waiting.DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonAssert.Equal(Oracle.Format(await grpc.GetAsync(started.Name)), response.Body);
        Assert.False(response.Json.TryGetProperty("done", out _));
    }

    [Fact]
    public async Task WaitOperation_DoneOperation_ReturnsItAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var finished = await grpc.StartAsync("projects/p/locations/l", new OperationScript(), "w2");

        var response = await rest.PostAsync("/v1/projects/p/locations/l/operations/w2:wait?timeout=1s", "{}");

        JsonAssert.Equal(Oracle.Format(finished), response.Body);
    }

    [Fact]
    public async Task DeleteOperation_ThenGet_ReturnsNotFoundInGooglesEnvelope()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        await grpc.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning(), "gone");

        var deleted = await rest.DeleteAsync("/ui/projects/p/locations/l/operations/gone");
        var response = await rest.GetAsync("/ui/projects/p/locations/l/operations/gone");

        Assert.Equal((HttpStatusCode.OK, "{}"), (deleted.Status, deleted.Body));
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        var error = response.Error;
        Assert.Equal(404, error.GetProperty("code").GetInt32());
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
        Assert.Equal("Operation 'projects/p/locations/l/operations/gone' was not found.", error.GetProperty("message").GetString());
        var detail = Assert.Single(error.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.ResourceInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("google.longrunning.Operation", detail.GetProperty("resourceType").GetString());
        Assert.Equal("projects/p/locations/l/operations/gone", detail.GetProperty("resourceName").GetString());
    }

    [Fact]
    public async Task GetOperation_MalformedName_ReturnsInvalidArgumentWithBadRequest()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/operations/a%20b");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(400, response.Error.GetProperty("code").GetInt32());
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.Equal(
            "Operation name 'operations/a b' is malformed: expected 'operations/{operation_id}' or '{parent}/operations/{operation_id}'.",
            response.Error.GetProperty("message").GetString());
        var detail = Assert.Single(response.Error.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("name", detail.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task StartOperation_JsonBody_CreatesTheOperationGrpcThenSees()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync(
            "/emulator/v1/operations:start",
            """{"parent":"projects/p/locations/l","operationId":"made-by-rest","script":{"response":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"hi"}}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var operation = await grpc.GetAsync("projects/p/locations/l/operations/made-by-rest");
        JsonAssert.Equal(Oracle.Format(operation), response.Body);
        Assert.True(operation.Done);
        Assert.Equal("hi", operation.Response.Unpack<StringValue>().Value);
    }

    [Fact]
    public async Task StartOperation_FieldsInQueryString_AreRefusedBecauseTheBodyCarriesThem()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/emulator/v1/operations:start?parent=projects%2Fq&operation_id=q1&script.duration=3600s", body: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("parent", response.Error.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => grpc.GetAsync("projects/q/operations/q1"));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
    }
}
