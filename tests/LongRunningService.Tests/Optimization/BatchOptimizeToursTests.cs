using Google.Cloud.Optimization.V1;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using State = Google.Cloud.Optimization.V1.AsyncModelMetadata.Types.State;

namespace LongRunningService.Tests.Optimization;

public sealed class BatchOptimizeToursTests
{
    private const string FleetRouting = "/google.cloud.optimization.v1.FleetRouting/";
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("projects/p")]
    [InlineData("projects/p/locations/l")]
    public async Task BatchOptimizeTours_ValidParent_ReturnsRunningOperationWithRunningMetadata(string parent)
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var client = server.CreateClient();

        var operation = await BatchOptimizeAsync(client, Request(parent)).DefaultTimeout();

        Assert.StartsWith(parent + "/operations/", operation.Name, StringComparison.Ordinal);
        Assert.False(operation.Done);
        var metadata = operation.Metadata.Unpack<AsyncModelMetadata>();
        Assert.Equal(State.Running, metadata.State);
        Assert.Equal(Timestamp.FromDateTimeOffset(clock.GetUtcNow()), metadata.CreateTime);
        Assert.Equal(metadata.CreateTime, metadata.UpdateTime);
    }

    [Fact]
    public async Task BatchOptimizeTours_ClockPassesDuration_EndsSucceededWithResponse()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await BatchOptimizeAsync(operations.Grpc, Request("projects/p/locations/l")).DefaultTimeout();

        await clock.WhenTimerDueIn(DefaultDuration).DefaultTimeout();
        clock.Advance(DefaultDuration);
        var done = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.True(done.Done);
        Assert.Equal(new BatchOptimizeToursResponse(), done.Response.Unpack<BatchOptimizeToursResponse>());
        Assert.Equal("type.googleapis.com/google.cloud.optimization.v1.BatchOptimizeToursResponse", done.Response.TypeUrl);
        var metadata = done.Metadata.Unpack<AsyncModelMetadata>();
        Assert.Equal(State.Succeeded, metadata.State);
        Assert.Equal(DefaultDuration, metadata.UpdateTime.ToDateTimeOffset() - metadata.CreateTime.ToDateTimeOffset());
        Assert.Equal(done, await operations.GetAsync(started.Name).DefaultTimeout());
    }

    [Fact]
    public async Task BatchOptimizeTours_BatchDurationConfigured_RunsForThatDuration()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock, new Dictionary<string, string?> { ["Optimization:BatchDuration"] = "00:05:00" });
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await BatchOptimizeAsync(operations.Grpc, Request("projects/p")).DefaultTimeout();

        await clock.WhenTimerDueIn(TimeSpan.FromMinutes(5)).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(4));
        var running = await operations.GetAsync(started.Name).DefaultTimeout();
        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.False(running.Done);
        Assert.Equal(State.Succeeded, done.Metadata.Unpack<AsyncModelMetadata>().State);
    }

    [Fact]
    public async Task CancelOperation_RunningBatch_EndsCancelledAtOnce()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await BatchOptimizeAsync(operations.Grpc, Request("projects/p/locations/l")).DefaultTimeout();
        await clock.WhenTimerDueIn(DefaultDuration).DefaultTimeout();
        clock.Advance(TimeSpan.FromSeconds(1));

        await operations.CancelAsync(started.Name).DefaultTimeout();
        var cancelled = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        Assert.True(cancelled.Done);
        Assert.Equal((int)Code.Cancelled, cancelled.Error.Code);
        Assert.Equal("Operation was cancelled.", cancelled.Error.Message);
        var metadata = cancelled.Metadata.Unpack<AsyncModelMetadata>();
        Assert.Equal(State.Cancelled, metadata.State);
        Assert.Equal(TimeSpan.FromSeconds(1), metadata.UpdateTime.ToDateTimeOffset() - metadata.CreateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task CancelOperation_BatchAlreadySucceeded_KeepsItsResponse()
    {
        var clock = new ManualTimeProvider();
        await using var server = await StartAsync(clock);
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await BatchOptimizeAsync(operations.Grpc, Request("projects/p")).DefaultTimeout();
        await clock.WhenTimerDueIn(DefaultDuration).DefaultTimeout();
        clock.Advance(DefaultDuration);
        var done = await operations.WaitAsync(started.Name, TimeSpan.FromMinutes(1)).DefaultTimeout();

        await operations.CancelAsync(started.Name).DefaultTimeout();

        Assert.Equal(done, await operations.GetAsync(started.Name).DefaultTimeout());
        Assert.Equal(Operation.ResultOneofCase.Response, done.ResultCase);
    }

    [Fact]
    public async Task ListOperations_LocationParent_ListsTheBatch()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var operations = new OperationsTestClient(server.CreateClient());
        var started = await BatchOptimizeAsync(operations.Grpc, Request("projects/p/locations/l")).DefaultTimeout();

        var response = await operations.ListAsync("projects/p/locations/l").DefaultTimeout();

        Assert.Equal(started, Assert.Single(response.Operations));
    }

    [Theory]
    [InlineData("", "The field `parent` is required.")]
    [InlineData("projects/p/locations/l/extra", "The field `parent` 'projects/p/locations/l/extra' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.")]
    [InlineData("locations/l", "The field `parent` 'locations/l' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.")]
    [InlineData("projects/", "The field `parent` 'projects/' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.")]
    [InlineData("projects/p/operations", "The field `parent` 'projects/p/operations' is invalid: expected 'projects/{project}' or 'projects/{project}/locations/{location}'.")]
    public async Task BatchOptimizeTours_InvalidParent_ReturnsInvalidArgumentNamingParent(string parent, string message)
    {
        await using var server = await StartAsync(new ManualTimeProvider());

        var result = await server.CreateClient().CallForStatusAsync(FleetRouting + "BatchOptimizeTours", Request(parent)).DefaultTimeout();

        AssertInvalidField(result, "parent", message);
    }

    [Fact]
    public async Task BatchOptimizeTours_NoModelConfigs_ReturnsInvalidArgumentNamingModelConfigs()
    {
        await using var server = await StartAsync(new ManualTimeProvider());

        var result = await server.CreateClient()
            .CallForStatusAsync(FleetRouting + "BatchOptimizeTours", new BatchOptimizeToursRequest { Parent = "projects/p" })
            .DefaultTimeout();

        AssertInvalidField(result, "model_configs", "The field `model_configs` is required.");
    }

    [Fact]
    public async Task BatchOptimizeTours_ModelConfigWithoutInputConfig_ReturnsInvalidArgumentNamingIt()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var request = Request("projects/p");
        request.ModelConfigs[0].InputConfig = null;

        var result = await server.CreateClient().CallForStatusAsync(FleetRouting + "BatchOptimizeTours", request).DefaultTimeout();

        AssertInvalidField(result, "model_configs[0].input_config", "The field `model_configs[0].input_config` is required.");
    }

    [Fact]
    public async Task BatchOptimizeTours_SecondModelConfigWithoutOutputConfig_ReturnsInvalidArgumentNamingIt()
    {
        await using var server = await StartAsync(new ManualTimeProvider());
        var request = Request("projects/p");
        request.ModelConfigs.Add(new BatchOptimizeToursRequest.Types.AsyncModelConfig { InputConfig = request.ModelConfigs[0].InputConfig });

        var result = await server.CreateClient().CallForStatusAsync(FleetRouting + "BatchOptimizeTours", request).DefaultTimeout();

        AssertInvalidField(result, "model_configs[1].output_config", "The field `model_configs[1].output_config` is required.");
    }

    private static Task<TestServer> StartAsync(ManualTimeProvider clock, IDictionary<string, string?>? settings = null) =>
        TestServer.StartAsync(settings, s => s.AddSingleton<TimeProvider>(clock));

    internal static Task<Operation> BatchOptimizeAsync(GrpcTestClient client, BatchOptimizeToursRequest request) =>
        client.CallAsync(FleetRouting + "BatchOptimizeTours", request, Operation.Parser);

    internal static BatchOptimizeToursRequest Request(string parent) => new()
    {
        Parent = parent,
        ModelConfigs =
        {
            new BatchOptimizeToursRequest.Types.AsyncModelConfig
            {
                DisplayName = "routes",
                InputConfig = new InputConfig { GcsSource = new GcsSource { Uri = "gs://bucket/request.json" }, DataFormat = DataFormat.Json },
                OutputConfig = new OutputConfig { GcsDestination = new GcsDestination { Uri = "gs://bucket/response.json" }, DataFormat = DataFormat.Json },
            },
        },
    };

    private static void AssertInvalidField(CallStatus result, string field, string message)
    {
        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal(message, result.GrpcMessage);
        var violation = Assert.Single(Assert.Single(result.StatusDetails!.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(message, violation.Description);
    }
}
