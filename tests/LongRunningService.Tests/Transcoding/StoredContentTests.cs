using System.Net;
using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Transcoding;

/// <summary>
/// What a client writes over gRPC is checked so that a later read in JSON
/// cannot fail: a refused write leaves REST Get and List of its parent working.
/// </summary>
public sealed class StoredContentTests
{
    private const string Parent = "projects/p/locations/l";

    [Fact]
    public async Task StartOperation_ResponseOfATypeTheServerCannotDescribe_IsRefusedAndRestListStillAnswers()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var client = new OperationsTestClient(grpc);
        using var rest = new RestTestClient(server.BaseAddress);
        await client.StartAsync(Parent, new OperationScript(), "fine");
        var unknown = new Any { TypeUrl = "type.googleapis.com/acme.Unknown", Value = ByteString.CopyFromUtf8("x") };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync(Parent, new OperationScript { Response = unknown }, "odd"));
        var list = await rest.GetAsync($"/v1/{Parent}/operations");

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `script.response` holds a google.protobuf.Any of type 'type.googleapis.com/acme.Unknown'", error.Status.Detail);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(1, list.Json.GetProperty("operations").GetArrayLength());
    }

    // An Any with no type URL: empty, or (as a fuzzed request made it) holding only fields Any does not have.
    [Theory]
    [InlineData("")]
    [InlineData("08001080e1eb17")]
    public async Task StartOperation_ResponseAnyWithNoTypeUrl_IsRefusedAndRestListStillAnswers(string anyBytesHex)
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var client = new OperationsTestClient(grpc);
        using var rest = new RestTestClient(server.BaseAddress);
        await client.StartAsync(Parent, new OperationScript(), "fine");
        var untyped = Any.Parser.ParseFrom(Convert.FromHexString(anyBytesHex));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync(Parent, new OperationScript { Response = untyped }, "odd"));
        var list = await rest.GetAsync($"/v1/{Parent}/operations");

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `script.response` holds a google.protobuf.Any with no type URL", error.Status.Detail);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(1, list.Json.GetProperty("operations").GetArrayLength());
    }

    [Fact]
    public async Task StartOperation_ErrorDetailOfATypeTheServerCannotDescribe_IsRefused()
    {
        await using var server = await TestServer.StartAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var script = new OperationScript
        {
            Error = new Google.Rpc.Status { Code = 9, Details = { new Any { TypeUrl = "type.googleapis.com/acme.Detail" } } },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartAsync(Parent, script));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `script.error.details[0]` holds a google.protobuf.Any", error.Status.Detail);
    }

    [Fact]
    public async Task CreatePipelineJob_StructValueWithoutKind_IsRefusedAndRestGetOfOthersAnswers()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var vertex = new VertexTestClient(grpc);
        using var rest = new RestTestClient(server.BaseAddress);
        var fine = await vertex.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(), "fine");
        var job = VertexTestClient.Pipeline();
        job.PipelineSpec = new Struct { Fields = { ["root"] = new Google.Protobuf.WellKnownTypes.Value() } };

        var error = await Assert.ThrowsAsync<RpcException>(() => vertex.CreatePipelineJobAsync(Parent, job, "odd"));
        var list = await rest.GetAsync($"/v1/{Parent}/pipelineJobs");

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `pipeline_job.pipeline_spec.fields[\"root\"]` is a google.protobuf.Value with no kind set", error.Status.Detail);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(fine.Name, Assert.Single(list.Json.GetProperty("pipelineJobs").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task ImportState_OperationMetadataOfUnknownType_IsRefusedAndNothingIsLoaded()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var state = new EmulatorState
        {
            Operations =
            {
                new Operation { Name = "operations/a", Done = true, Response = Any.Pack(new Empty()) },
                new Operation { Name = "operations/b", Metadata = new Any { TypeUrl = "type.googleapis.com/acme.Meta" } },
            },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => control.ImportStateAsync(state));
        var exported = await control.ExportStateAsync();

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `state.operations[1].metadata` holds a google.protobuf.Any", error.Status.Detail);
        Assert.Empty(exported.Operations);
    }

    [Fact]
    public async Task ImportState_JobTimestampOutOfRange_ReturnsInvalidArgument()
    {
        await using var server = await TestServer.StartAsync();
        var control = new ControlTestClient(server.CreateClient());
        var job = new PipelineJob
        {
            Name = $"{Parent}/pipelineJobs/far",
            State = PipelineState.Succeeded,
            CreateTime = new Timestamp { Seconds = 400_000_000_000 },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => control.ImportStateAsync(new EmulatorState { Jobs = { Any.Pack(job) } }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `state.jobs[0].create_time` is not a valid google.protobuf.Timestamp", error.Status.Detail);
    }
}
