using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using LongRunning.Emulator.V1;
using LongRunningService.Testing;

namespace Examples;

/// <summary>
/// Tests of a client of Vertex AI's PipelineService and of long-running operations,
/// against one emulator whose clock only moves when a test advances it.
/// </summary>
public sealed class PipelineJobTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Project = "projects/pipelines-example/locations/us-central1";

    private readonly EmulatorHost _emulator = fixture.Emulator;

    public Task InitializeAsync() => Task.CompletedTask;

    // Each test leaves the emulator as it found it: no jobs, operations, calls or fault rules.
    public async Task DisposeAsync() => await _emulator.Control.ResetAsync();

    [Fact]
    public async Task CancelledJob_IsCancellingUntilItsCancelDelayPasses_ThenCancelled()
    {
        var pipelines = new PipelineService.PipelineServiceClient(_emulator.Channel);
        // A job's script is in its labels: this one runs 10 minutes and takes 30 s to stop once cancelled.
        var job = await Create(pipelines, "train", new() { ["emulator-duration"] = "10m", ["emulator-cancel-delay"] = "30s" });
        Assert.Equal(PipelineState.Queued, job.State);

        await _emulator.Control.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(PipelineState.Running, (await Get(pipelines, job.Name)).State);

        await pipelines.CancelPipelineJobAsync(new CancelPipelineJobRequest { Name = job.Name });
        Assert.Equal(PipelineState.Cancelling, (await Get(pipelines, job.Name)).State);

        // Cancellation is asynchronous: the job stops on the emulator's clock some time after
        // CancelPipelineJob returns, so the client polls while the test moves the clock.
        PipelineJob cancelled;
        var polls = 0;
        do
        {
            await _emulator.Control.AdvanceAsync(TimeSpan.FromSeconds(10));
            cancelled = await Get(pipelines, job.Name);
        }
        while (cancelled.State == PipelineState.Cancelling && ++polls < 100);
        Assert.Equal(PipelineState.Cancelled, cancelled.State);
        Assert.Equal((int)StatusCode.Cancelled, cancelled.Error.Code);
    }

    [Fact]
    public async Task CancelledOperation_IsDoneWithErrorCode1()
    {
        var emulatorOperations = new OperationsEmulator.OperationsEmulatorClient(_emulator.Channel);
        var operations = new Operations.OperationsClient(_emulator.Channel);
        var operation = await emulatorOperations.StartOperationAsync(new StartOperationRequest
        {
            Parent = Project,
            Script = new OperationScript { Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)) },
        });

        // Cancellation is asynchronous: CancelOperation returns at once, and the work stops on the
        // emulator's clock after that. So the client polls, and the test moves the clock meanwhile.
        await operations.CancelOperationAsync(new CancelOperationRequest { Name = operation.Name });
        Operation done;
        var polls = 0;
        do
        {
            await _emulator.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
            done = await operations.GetOperationAsync(new GetOperationRequest { Name = operation.Name });
        }
        while (!done.Done && ++polls < 100);

        Assert.True(done.Done);
        Assert.Equal(1, done.Error.Code);
    }

    [Fact]
    public async Task ClientThatRetriesUnavailable_GetsThroughOnItsThirdAttempt_AsTheJournalShows()
    {
        var pipelines = new PipelineService.PipelineServiceClient(_emulator.Channel);
        var job = await Create(pipelines, "flaky", []);
        const string getPipelineJob = "google.cloud.aiplatform.v1.PipelineService/GetPipelineJob";
        await _emulator.Control.AddFaultAsync(getPipelineJob, StatusCode.Unavailable, count: 2, resourcePattern: "*/pipelineJobs/flaky");

        // The client under test: a channel that retries UNAVAILABLE up to 3 attempts.
        using var retrying = GrpcChannel.ForAddress(_emulator.Address, new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(10),
                            MaxBackoff = TimeSpan.FromMilliseconds(100),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            },
        });
        var read = await new PipelineService.PipelineServiceClient(retrying).GetPipelineJobAsync(new GetPipelineJobRequest { Name = job.Name });
        Assert.Equal("flaky", read.DisplayName);

        var attempts = await _emulator.Control.CallsAsync(getPipelineJob, job.Name);
        Assert.Equal([14, 14, 0], attempts.Select(call => call.StatusCode));
    }

    private static async Task<PipelineJob> Create(PipelineService.PipelineServiceClient pipelines, string id, Dictionary<string, string> labels) =>
        await pipelines.CreatePipelineJobAsync(new CreatePipelineJobRequest
        {
            Parent = Project,
            PipelineJobId = id,
            PipelineJob = new PipelineJob { DisplayName = id, Labels = { labels } },
        });

    private static async Task<PipelineJob> Get(PipelineService.PipelineServiceClient pipelines, string name) =>
        await pipelines.GetPipelineJobAsync(new GetPipelineJobRequest { Name = name });
}
