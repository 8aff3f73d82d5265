using System.Net;
using Google.Cloud.AIPlatform.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Configuration;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

public sealed class EmulatorStateTests
{
    private const string Location = "projects/seeded/locations/us-central1";

    private const string Seed = $$"""
        {
          "operations": [
            { "name": "{{Location}}/operations/failed", "done": true, "error": { "code": 5, "message": "gone" } },
            {
              "name": "{{Location}}/operations/running",
              "metadata": {
                "@type": "type.googleapis.com/longrunning.emulator.v1.ScriptedOperationMetadata",
                "progressPercent": 40,
                "createTime": "2026-01-02T03:04:05Z"
              }
            }
          ],
          "jobs": [
            {
              "@type": "type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob",
              "name": "{{Location}}/pipelineJobs/finished",
              "displayName": "nightly",
              "state": "PIPELINE_STATE_SUCCEEDED",
              "createTime": "2026-01-02T03:00:00Z",
              "startTime": "2026-01-02T03:01:00Z",
              "endTime": "2026-01-02T03:30:00Z",
              "updateTime": "2026-01-02T03:30:00Z",
              "labels": { "team": "search" },
              "runtimeConfig": { "gcsOutputDirectory": "gs://bucket/out" }
            },
            {
              "@type": "type.googleapis.com/google.cloud.aiplatform.v1.CustomJob",
              "name": "{{Location}}/customJobs/1000000000001",
              "displayName": "train",
              "state": "JOB_STATE_RUNNING",
              "createTime": "2026-01-02T04:00:00Z",
              "startTime": "2026-01-02T04:05:00Z",
              "updateTime": "2026-01-02T04:05:00Z",
              "labels": { "emulator-duration": "1h" },
              "jobSpec": { "workerPoolSpecs": [ { "machineSpec": { "machineType": "n1-standard-4" }, "replicaCount": "1", "containerSpec": { "imageUri": "example.test/train:1" } } ] }
            }
          ]
        }
        """;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(
        EmulatorControlReflection.Descriptor,
        OperationsEmulatorReflection.Descriptor,
        PipelineServiceReflection.Descriptor,
        JobServiceReflection.Descriptor)));

    [Fact]
    public async Task Seed_ThenExport_GivesTheSameState()
    {
        using var seed = new TempFile(Seed);
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Emulator:SeedFile"] = seed.Path });
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);

        var exported = await control.ExportStateAsync();

        Assert.Equal(Parser.Parse<EmulatorState>(Seed), exported);
    }

    [Fact]
    public async Task SeedFlag_UnfinishedWorkGoesOn_FinishedStaysFinished()
    {
        using var seed = new TempFile(Seed);
        await using var server = await TestServer.StartAsync(arguments: ["--seed", seed.Path]);
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        var operations = new OperationsTestClient(grpc);
        await control.PauseAsync();

        var finished = await vertex.GetPipelineJobAsync($"{Location}/pipelineJobs/finished");
        await control.AdvanceAsync(TimeSpan.FromHours(1));
        var trained = await VertexTestClient.EventuallyAsync(
            () => grpc.CallAsync(VertexTestClient.Jobs + "GetCustomJob", new GetCustomJobRequest { Name = $"{Location}/customJobs/1000000000001" }, CustomJob.Parser),
            j => j.State != JobState.Running);
        await operations.CancelAsync($"{Location}/operations/running");
        var cancelled = await VertexTestClient.EventuallyAsync(() => operations.GetAsync($"{Location}/operations/running"), o => o.Done);
        var generated = await grpc.CallAsync(
            VertexTestClient.Jobs + "CreateCustomJob",
            new CreateCustomJobRequest { Parent = Location, CustomJob = Parser.Parse<EmulatorState>(Seed).Jobs[1].Unpack<CustomJob>() },
            CustomJob.Parser);

        Assert.Equal(PipelineState.Succeeded, finished.State);
        Assert.Equal("nightly", finished.DisplayName);
        Assert.Equal(JobState.Succeeded, trained.State);
        Assert.Equal(DateTimeOffset.Parse("2026-01-02T04:05:00Z"), trained.StartTime.ToDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2026-01-02T04:00:00Z"), trained.CreateTime.ToDateTimeOffset());
        Assert.Equal(Code.Cancelled, (Code)cancelled.Error.Code);
        Assert.NotEqual($"{Location}/customJobs/1000000000001", generated.Name);
    }

    [Fact]
    public async Task ImportState_PendingAndCancellingJobs_GoOnFromTheirStateWhenImported()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        await control.PauseAsync();
        var pending = new PipelineJob
        {
            Name = $"{Location}/pipelineJobs/pending",
            State = PipelineState.Pending,
            CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2026-01-01T00:00:00Z")),
            Labels = { ["emulator-pending"] = "1m", ["emulator-duration"] = "10m" },
        };
        var cancelling = new PipelineJob
        {
            Name = $"{Location}/pipelineJobs/cancelling",
            State = PipelineState.Cancelling,
            Labels = { ["emulator-cancel-delay"] = "30s", ["emulator-duration"] = "1h" },
        };

        await control.ImportStateAsync(new EmulatorState { Jobs = { Google.Protobuf.WellKnownTypes.Any.Pack(pending), Google.Protobuf.WellKnownTypes.Any.Pack(cancelling) } });
        var stillPending = await vertex.GetPipelineJobAsync(pending.Name);
        await control.AdvanceAsync(TimeSpan.FromSeconds(30));
        var cancelled = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(cancelling.Name), j => j.State != PipelineState.Cancelling);
        await control.AdvanceAsync(TimeSpan.FromSeconds(30));
        var running = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(pending.Name), j => j.State != PipelineState.Pending);
        await control.AdvanceAsync(TimeSpan.FromMinutes(10));
        var succeeded = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(pending.Name), j => j.State != PipelineState.Running);

        Assert.Equal(PipelineState.Pending, stillPending.State);
        Assert.Equal(PipelineState.Cancelled, cancelled.State);
        Assert.Equal(PipelineState.Running, running.State);
        Assert.Equal(PipelineState.Succeeded, succeeded.State);
        Assert.Equal(pending.CreateTime, succeeded.CreateTime);
    }

    [Fact]
    public async Task SeedFile_NotJson_StopsStartNamingTheFile()
    {
        using var seed = new TempFile("{ \"jobs\": [ ");

        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Emulator:SeedFile"] = seed.Path }));

        Assert.StartsWith($"Seed file '{seed.Path}' (Emulator:SeedFile, --seed) was not loaded: it is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedFile_SameNameTwice_StopsStartNamingTheEntry()
    {
        var job = $$"""{ "@type": "type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob", "name": "{{Location}}/pipelineJobs/twice", "state": "PIPELINE_STATE_QUEUED" }""";
        using var seed = new TempFile($$"""{ "jobs": [ {{job}}, {{job}} ] }""");

        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Emulator:SeedFile"] = seed.Path }));

        Assert.Equal($"Seed file '{seed.Path}' (Emulator:SeedFile, --seed) was not loaded: jobs[1] '{Location}/pipelineJobs/twice' has the name of jobs[0]; each name may be given once.", error.Message);
    }

    [Fact]
    public async Task SeedFile_Missing_StopsStartNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lrs-missing-{Guid.NewGuid():N}.json");

        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Emulator:SeedFile"] = path }));

        Assert.Equal($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: the file does not exist.", error.Message);
    }

    [Fact]
    public async Task ImportState_BadEntry_IsInvalidArgumentNamingItAndLoadsNothing()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var state = Parser.Parse<EmulatorState>(Seed);
        state.Jobs.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new PipelineJob { Name = "projects/seeded/pipelineJobs/x", State = PipelineState.Queued }));

        var error = await Assert.ThrowsAsync<RpcException>(() => control.ImportStateAsync(state));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Contains("state.jobs[2].name", error.Message, StringComparison.Ordinal);
        var held = await control.ExportStateAsync();
        Assert.Empty(held.Operations);
        Assert.Empty(held.Jobs);
    }

    [Fact]
    public async Task Rest_ImportMergeThenReplace_ExportOneProject()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        await rest.PostAsync("/emulator/v1/operations:start", """{"parent":"projects/other/locations/l","operationId":"kept"}""");

        var imported = await rest.PostAsync("/emulator/v1/state:import", Seed);
        var again = await rest.PostAsync("/emulator/v1/state:import", Seed);
        var exported = await rest.GetAsync("/emulator/v1/state?project=seeded");
        var replaced = await rest.PostAsync("/emulator/v1/state:import?replace=true", Seed);
        var job = await rest.GetAsync($"/v1/{Location}/pipelineJobs/finished");

        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal(2, imported.Json.GetProperty("operationsImported").GetInt32());
        Assert.Equal(2, imported.Json.GetProperty("jobsImported").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ALREADY_EXISTS", again.Error.GetProperty("status").GetString());
        Assert.Equal(Parser.Parse<EmulatorState>(Seed), Parser.Parse<EmulatorState>(exported.Body));
        Assert.Equal("type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob", exported.Json.GetProperty("jobs")[0].GetProperty("@type").GetString());
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(3, replaced.Json.GetProperty("operationsRemoved").GetInt32());
        Assert.Equal("PIPELINE_STATE_SUCCEEDED", job.Json.GetProperty("state").GetString());
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string text)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lrs-seed-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
