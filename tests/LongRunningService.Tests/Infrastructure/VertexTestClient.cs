using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Typed calls to the v1 PipelineService and JobService over <see cref="GrpcTestClient"/>.</summary>
internal sealed class VertexTestClient(GrpcTestClient grpc)
{
    public const string Pipelines = "/google.cloud.aiplatform.v1.PipelineService/";
    public const string Jobs = "/google.cloud.aiplatform.v1.JobService/";

    public GrpcTestClient Grpc { get; } = grpc;

    public Task<PipelineJob> CreatePipelineJobAsync(string parent, PipelineJob job, string id = "") =>
        Grpc.CallAsync(Pipelines + "CreatePipelineJob", new CreatePipelineJobRequest { Parent = parent, PipelineJob = job, PipelineJobId = id }, PipelineJob.Parser);

    public Task<PipelineJob> GetPipelineJobAsync(string name) =>
        Grpc.CallAsync(Pipelines + "GetPipelineJob", new GetPipelineJobRequest { Name = name }, PipelineJob.Parser);

    public Task<Empty> CancelPipelineJobAsync(string name) =>
        Grpc.CallAsync(Pipelines + "CancelPipelineJob", new CancelPipelineJobRequest { Name = name }, Empty.Parser);

    public Task<Operation> DeletePipelineJobAsync(string name) =>
        Grpc.CallAsync(Pipelines + "DeletePipelineJob", new DeletePipelineJobRequest { Name = name }, Operation.Parser);

    public Task<ListPipelineJobsResponse> ListPipelineJobsAsync(ListPipelineJobsRequest request) =>
        Grpc.CallAsync(Pipelines + "ListPipelineJobs", request, ListPipelineJobsResponse.Parser);

    public Task<NasJob> CreateNasJobAsync(string parent, NasJob job) =>
        Grpc.CallAsync(Jobs + "CreateNasJob", new CreateNasJobRequest { Parent = parent, NasJob = job }, NasJob.Parser);

    public Task<NasJob> GetNasJobAsync(string name) =>
        Grpc.CallAsync(Jobs + "GetNasJob", new GetNasJobRequest { Name = name }, NasJob.Parser);

    public Task<Empty> CancelNasJobAsync(string name) =>
        Grpc.CallAsync(Jobs + "CancelNasJob", new CancelNasJobRequest { Name = name }, Empty.Parser);

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
