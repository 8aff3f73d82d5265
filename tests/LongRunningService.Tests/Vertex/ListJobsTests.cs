using Google.Cloud.AIPlatform.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Vertex;

public abstract class ListJobsTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/us-central1";

    [Fact]
    public async Task ListPipelineJobs_LabelAndStateFilter_ReturnsMatchingJobs()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var quick = ("emulator-duration", "0ms");
        var a = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("team", "a"), ("emulator-queued", "0ms"), ("emulator-pending", "0ms"), quick));
        var b = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("team", "b"), ("emulator-queued", "0ms"), ("emulator-pending", "0ms"), quick));
        var c = await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("team", "a"), ("emulator-duration", "1h")));
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(b.Name), j => j.State == PipelineState.Succeeded);
        await VertexTestClient.EventuallyAsync(() => client.GetPipelineJobAsync(a.Name), j => j.State == PipelineState.Succeeded);

        var teamA = await client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, Filter = "labels.team=\"a\"" });
        var succeededA = await client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, Filter = "labels.team=\"a\" AND state=\"PIPELINE_STATE_SUCCEEDED\"" });
        var notSucceeded = await client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, Filter = "NOT state=PIPELINE_STATE_SUCCEEDED" });

        // ListPipelineJobs defaults to create_time desc, as Vertex documents.
        Assert.Equal([c.Name, a.Name], teamA.PipelineJobs.Select(j => j.Name));
        Assert.Equal([a.Name], succeededA.PipelineJobs.Select(j => j.Name));
        Assert.Equal([c.Name], notSucceeded.PipelineJobs.Select(j => j.Name));
    }

    [Fact]
    public async Task ListPipelineJobs_PagingAscending_WalksAllOnce()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            names.Add((await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")))).Name);
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, PageSize = 3, PageToken = token, OrderBy = "create_time" });
            seen.AddRange(page.PipelineJobs.Select(j => j.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task ListPipelineJobs_ReadMask_ReturnsOnlyMaskedFields()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));

        var page = await client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, ReadMask = FieldMask.FromString("name,state") });

        var job = Assert.Single(page.PipelineJobs);
        Assert.NotEmpty(job.Name);
        Assert.Empty(job.DisplayName);
        Assert.Null(job.CreateTime);
    }

    [Theory]
    [InlineData("pipeline_spec.x = 1", "filter")]
    [InlineData("state = NOT_A_STATE", "filter")]
    public async Task ListPipelineJobs_UnsupportedFilter_ReturnsInvalidArgument(string filter, string field)
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, Filter = filter }));

        Assert.Equal(Code.InvalidArgument, error.Code());
        var violation = Assert.Single(Assert.Single(error.StatusDetails()!.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public async Task ListPipelineJobs_UnsupportedOrderBy_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListPipelineJobsAsync(new ListPipelineJobsRequest { Parent = Parent, OrderBy = "display_name" }));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }

    [Fact]
    public async Task ListNasJobs_OnlyNasJobsOfTheParent()
    {
        await using var server = await StartServerAsync();
        var client = new VertexTestClient(server.CreateClient());
        var nas = await client.CreateNasJobAsync(Parent, VertexTestClient.Nas(("emulator-duration", "1h")));
        await client.CreatePipelineJobAsync(Parent, VertexTestClient.Pipeline(("emulator-duration", "1h")));
        await client.CreateNasJobAsync("projects/p/locations/elsewhere", VertexTestClient.Nas(("emulator-duration", "1h")));

        var page = await client.Grpc.CallAsync(VertexTestClient.Jobs + "ListNasJobs", new ListNasJobsRequest { Parent = Parent }, ListNasJobsResponse.Parser);

        Assert.Equal(nas.Name, Assert.Single(page.NasJobs).Name);
    }
}
