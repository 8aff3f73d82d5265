using Google.LongRunning;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Operations;

public abstract class ListOperationsTests(TestStore store) : StoreMatrixTests(store)
{
    private const string Parent = "projects/p/locations/l";

    [Theory]
    [InlineData("projects/p/locations/l")]
    [InlineData("projects/p/locations/l/operations")]
    public async Task ListOperations_ParentOrCollectionName_ListsOperationsDirectlyUnderParent(string name)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var first = await client.StartAsync(Parent, new OperationScript());
        var second = await client.StartAsync(Parent, OperationsTestClient.LongRunning());
        await client.StartAsync("projects/p/locations/other", new OperationScript());
        await client.StartAsync(Parent + "/pipelineJobs/j", new OperationScript());

        var response = await client.ListAsync(name);

        Assert.Equal([first.Name, second.Name], response.Operations.Select(o => o.Name));
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task ListOperations_TopLevelCollection_ListsTopLevelOperations()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var top = await client.StartAsync(string.Empty, new OperationScript());
        await client.StartAsync("projects/p", new OperationScript());

        var response = await client.ListAsync("operations");

        Assert.Equal(top.Name, Assert.Single(response.Operations).Name);
    }

    [Theory]
    [InlineData("done=true", new[] { 0, 2 })]
    [InlineData("done = false", new[] { 1 })]
    [InlineData("NOT done", new[] { 1 })]
    [InlineData("", new[] { 0, 1, 2 })]
    public async Task ListOperations_DoneFilter_ReturnsMatchingOperations(string filter, int[] expected)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var operations = new[]
        {
            await client.StartAsync(Parent, new OperationScript()),
            await client.StartAsync(Parent, OperationsTestClient.LongRunning()),
            await client.StartAsync(Parent, new OperationScript()),
        };

        var response = await client.ListAsync(Parent, filter);

        Assert.Equal(expected.Select(i => operations[i].Name), response.Operations.Select(o => o.Name));
    }

    [Fact]
    public async Task ListOperations_UnsupportedFilterField_ReturnsInvalidArgumentNamingIt()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(Parent, "metadata.progress > 3"));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Contains("'metadata", error.Status.Detail);
        Assert.Contains("done", error.Status.Detail);
    }

    [Fact]
    public async Task ListOperations_Paging_WalksAllOperationsOnceInCreationOrder()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var batch = await client.BatchStartAsync(Parent, 25);

        var seen = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await client.ListAsync(Parent, pageSize: 10, pageToken: token);
            seen.AddRange(page.Operations.Select(o => o.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(batch.FirstOperation, seen[0]);
        Assert.Equal(batch.LastOperation, seen[^1]);
    }

    [Fact]
    public async Task ListOperations_OperationsAddedAndRemovedBetweenPages_TokenStaysValid()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        var names = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            names.Add((await client.StartAsync(Parent, new OperationScript())).Name);
        }

        var first = await client.ListAsync(Parent, pageSize: 3);
        await client.DeleteAsync(names[1]);
        await client.DeleteAsync(names[4]);
        var added = await client.StartAsync(Parent, new OperationScript());
        var second = await client.ListAsync(Parent, pageSize: 3, pageToken: first.NextPageToken);

        Assert.Equal(names.Take(3), first.Operations.Select(o => o.Name));
        Assert.Equal([names[3], names[5], added.Name], second.Operations.Select(o => o.Name));
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public async Task ListOperations_TamperedPageToken_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        await client.BatchStartAsync(Parent, 5);
        var token = (await client.ListAsync(Parent, pageSize: 2)).NextPageToken;
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(Parent, pageSize: 2, pageToken: tampered));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `page_token` is invalid", error.Status.Detail);
    }

    [Fact]
    public async Task ListOperations_TokenFromAnotherStore_ReturnsInvalidArgument()
    {
        await using var first = await StartServerAsync();
        await using var second = await StartServerAsync();
        var onFirst = new OperationsTestClient(first.CreateClient());
        var onSecond = new OperationsTestClient(second.CreateClient());
        await onFirst.BatchStartAsync(Parent, 5);
        await onSecond.BatchStartAsync(Parent, 5);
        var token = (await onFirst.ListAsync(Parent, pageSize: 2)).NextPageToken;

        var error = await Assert.ThrowsAsync<RpcException>(() => onSecond.ListAsync(Parent, pageSize: 2, pageToken: token));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.StartsWith("The field `page_token` is invalid", error.Status.Detail);
        Assert.Equal(3, (await onFirst.ListAsync(Parent, pageSize: 10, pageToken: token)).Operations.Count);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    public async Task ListOperations_GarbagePageToken_ReturnsInvalidArgument(string token)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(Parent, pageToken: token));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }

    [Fact]
    public async Task ListOperations_TokenWithDifferentFilter_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());
        await client.BatchStartAsync(Parent, 5);
        var token = (await client.ListAsync(Parent, pageSize: 2)).NextPageToken;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(Parent, "done=true", 2, token));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }

    [Fact]
    public async Task ListOperations_PageSizeAboveMaximum_IsCoerced()
    {
        await using var server = await StartServerAsync(new Dictionary<string, string?> { ["Operations:MaxPageSize"] = "4" });
        var client = new OperationsTestClient(server.CreateClient());
        await client.BatchStartAsync(Parent, 6);

        var page = await client.ListAsync(Parent, pageSize: 1000);

        Assert.Equal(4, page.Operations.Count);
        Assert.NotEmpty(page.NextPageToken);
    }

    [Fact]
    public async Task ListOperations_NegativePageSize_ReturnsInvalidArgument()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(Parent, pageSize: -1));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Equal("The field `page_size` must not be negative; got -1.", error.Status.Detail);
    }

    [Fact]
    public async Task ListOperations_ReturnPartialSuccess_ReturnsUnimplemented()
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Client.ListOperationsAsync(new ListOperationsRequest { Name = Parent, ReturnPartialSuccess = true }).ResponseAsync);

        Assert.Equal(Code.Unimplemented, error.Code());
        Assert.Contains("return_partial_success", error.Status.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("projects//x")]
    [InlineData("/projects/p")]
    public async Task ListOperations_BadName_ReturnsInvalidArgument(string name)
    {
        await using var server = await StartServerAsync();
        var client = new OperationsTestClient(server.CreateClient());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListAsync(name));

        Assert.Equal(Code.InvalidArgument, error.Code());
    }
}
