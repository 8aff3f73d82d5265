using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>The v1 PipelineService and JobService generated clients, with the calls tests make most.</summary>
internal sealed class VertexTestClient(GrpcTestClient grpc)
{
    public const string Pipelines = "/google.cloud.aiplatform.v1.PipelineService/";
    public const string Jobs = "/google.cloud.aiplatform.v1.JobService/";

    public GrpcTestClient Grpc { get; } = grpc;

    public PipelineService.PipelineServiceClient PipelineClient { get; } = new(grpc.Channel);

    public JobService.JobServiceClient JobClient { get; } = new(grpc.Channel);

    public Task<PipelineJob> CreatePipelineJobAsync(string parent, PipelineJob job, string id = "") =>
        PipelineClient.CreatePipelineJobAsync(new CreatePipelineJobRequest { Parent = parent, PipelineJob = job, PipelineJobId = id }).ResponseAsync;

    public Task<PipelineJob> GetPipelineJobAsync(string name) =>
        PipelineClient.GetPipelineJobAsync(new GetPipelineJobRequest { Name = name }).ResponseAsync;

    public Task<Empty> CancelPipelineJobAsync(string name) =>
        PipelineClient.CancelPipelineJobAsync(new CancelPipelineJobRequest { Name = name }).ResponseAsync;

    public Task<Operation> DeletePipelineJobAsync(string name) =>
        PipelineClient.DeletePipelineJobAsync(new DeletePipelineJobRequest { Name = name }).ResponseAsync;

    public Task<ListPipelineJobsResponse> ListPipelineJobsAsync(ListPipelineJobsRequest request) =>
        PipelineClient.ListPipelineJobsAsync(request).ResponseAsync;

    public Task<NasJob> CreateNasJobAsync(string parent, NasJob job) =>
        JobClient.CreateNasJobAsync(new CreateNasJobRequest { Parent = parent, NasJob = job }).ResponseAsync;

    public Task<NasJob> GetNasJobAsync(string name) =>
        JobClient.GetNasJobAsync(new GetNasJobRequest { Name = name }).ResponseAsync;

    public Task<Empty> CancelNasJobAsync(string name) =>
        JobClient.CancelNasJobAsync(new CancelNasJobRequest { Name = name }).ResponseAsync;

    /// <summary>Polls our own Get until the job reaches a state, for at most the test timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> get, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            var value = await get();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(10);
        }
    }

    public static PipelineJob Pipeline(params (string Key, string Value)[] labels)
    {
        var job = new PipelineJob { DisplayName = "train" };
        foreach (var (key, value) in labels)
        {
            job.Labels[key] = value;
        }

        return job;
    }

    public static NasJob Nas(params (string Key, string Value)[] labels)
    {
        var job = new NasJob
        {
            DisplayName = "search",
            NasJobSpec = new NasJobSpec { SearchSpaceSpec = "{}" },
        };
        foreach (var (key, value) in labels)
        {
            job.Labels[key] = value;
        }

        return job;
    }

    public static T Unpack<T>(Any any)
        where T : IMessage, new() => any.Unpack<T>();
}
