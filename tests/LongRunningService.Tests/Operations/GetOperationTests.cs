using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class GetOperationTests(TestStore store) : StoreMatrixTests(store)
{
    [Fact]
    public async Task GetOperation_RunningOperation_ReturnsNotDoneWithMetadata()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning());

        var operation = await client.GetAsync(started.Name);

        Assert.StartsWith("projects/p/locations/l/operations/", operation.Name);
        Assert.False(operation.Done);
        Assert.Equal(Operation.ResultOneofCase.None, operation.ResultCase);
        Assert.True(operation.Metadata.Is(ScriptedOperationMetadata.Descriptor));
    }

    [Fact]
    public async Task GetOperation_FinishedOperation_ReturnsDoneWithResponse()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var response = Any.Pack(new StringValue { Value = "result" });
        var started = await client.StartAsync("projects/p", new OperationScript { Response = response }, "op-1");

        var operation = await client.GetAsync("projects/p/operations/op-1");

        Assert.True(operation.Done);
        Assert.Equal(response, operation.Response);
        Assert.Equal(100, operation.Metadata.Unpack<ScriptedOperationMetadata>().ProgressPercent);
        Assert.Equal(started, operation);
    }

    [Fact]
    public async Task GetOperation_ScriptedFailure_ReturnsDoneWithError()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var error = new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = "Quota exceeded." };
        await client.StartAsync(string.Empty, new OperationScript { Error = error }, "failing");

        var operation = await client.GetAsync("operations/failing");

        Assert.True(operation.Done);
        Assert.Equal(error, operation.Error);
    }

    [Fact]
    public async Task GetOperation_UnknownName_ReturnsNotFoundWithResourceInfo()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync("projects/p/operations/missing"));

        Assert.Equal(Code.NotFound, error.Code());
        Assert.Equal("Operation 'projects/p/operations/missing' was not found.", error.Status.Detail);
        var info = Assert.Single(error.StatusDetails()!.Details).Unpack<ResourceInfo>();
        Assert.Equal("google.longrunning.Operation", info.ResourceType);
        Assert.Equal("projects/p/operations/missing", info.ResourceName);
    }

    [Theory]
    [InlineData("", "The field `name` is required.")]
    [InlineData("projects/p", "Operation name 'projects/p' is malformed: expected 'operations/{operation_id}' or '{parent}/operations/{operation_id}'.")]
    [InlineData("projects/p/operations/", "Operation name 'projects/p/operations/' is malformed: expected 'operations/{operation_id}' or '{parent}/operations/{operation_id}'.")]
    [InlineData("projects//operations/1", "Operation name 'projects//operations/1' is malformed: expected 'operations/{operation_id}' or '{parent}/operations/{operation_id}'.")]
    [InlineData("operations/a b", "Operation name 'operations/a b' is malformed: expected 'operations/{operation_id}' or '{parent}/operations/{operation_id}'.")]
    public async Task GetOperation_MalformedName_ReturnsInvalidArgumentWithFieldViolation(string name, string message)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(name));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal(message, error.Status.Detail);
        var violation = Assert.Single(Assert.Single(error.StatusDetails()!.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal("name", violation.Field);
    }

    [Fact]
    public async Task GetOperation_RoutingHeaderOfAnotherResource_IsIgnored()
    {
        // Google's Node client polls with the routing header of the call that started the operation.
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var started = await client.StartAsync("projects/p/locations/l", new OperationScript(), "routed");

        var operation = await client.Client.GetOperationAsync(
            new GetOperationRequest { Name = started.Name },
            new Grpc.Core.Metadata { { "x-goog-request-params", "name=projects%2Fp%2Flocations%2Fl%2FpipelineJobs%2Fj" } });

        Assert.Equal(started.Name, operation.Name);
    }
}
