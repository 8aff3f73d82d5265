using System.Collections.Concurrent;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Tests.Infrastructure;
using RpcException = Grpc.Core.RpcException;
using StatusCode = Grpc.Core.StatusCode;

namespace LongRunningService.Tests.Operations;

public abstract class ConcurrencyTests(TestStore store) : StoreMatrixTests(store)
{
    private sealed record Tracked(string Name, bool Cancelled, bool Deleted);

    [Fact]
    public async Task ManyClients_CreateCancelWaitDelete_EveryOperationIsAccountedFor()
    {
        const int Workers = 16;
        const int OperationsPerWorker = 40;
        await using var server = await StartServerAsync();
        var tracked = new ConcurrentBag<Tracked>();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            using var grpc = server.CreateClient();
            var client = new OperationsTestClient(grpc);
            var random = new Random(worker);
            for (var i = 0; i < OperationsPerWorker; i++)
            {
                var started = await client.StartAsync($"projects/p{worker % 4}", new OperationScript
                {
                    Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(random.Next(0, 150))),
                    ProgressUpdates = random.Next(0, 3),
                });
                var action = random.Next(4);
                var cancelled = action is 1 or 3;
                if (cancelled)
                {
                    await client.CancelAsync(started.Name);
                }

                if (action == 2)
                {
                    await client.WaitAsync(started.Name, TimeSpan.FromMilliseconds(random.Next(0, 50)));
                }

                var deleted = action == 3;
                if (deleted)
                {
                    await client.DeleteAsync(started.Name);
                }

                tracked.Add(new Tracked(started.Name, cancelled, deleted));
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        using var checkGrpc = server.CreateClient();
        var check = new OperationsTestClient(checkGrpc);
        foreach (var operation in tracked)
        {
            if (operation.Deleted)
            {
                var error = await Assert.ThrowsAsync<RpcException>(() => check.GetAsync(operation.Name));
                Assert.Equal(Code.NotFound, error.Code());
                continue;
            }

            var final = await check.WaitAsync(operation.Name, TimeSpan.FromSeconds(10));
            Assert.True(final.Done, $"{operation.Name} is not done.");
            if (final.ResultCase == Operation.ResultOneofCase.Error)
            {
                Assert.True(operation.Cancelled, $"{operation.Name} failed without being cancelled.");
                Assert.Equal((int)Code.Cancelled, final.Error.Code);
            }
            else
            {
                Assert.True(final.Response.Is(Empty.Descriptor));
            }
        }

        Assert.Equal(Workers * OperationsPerWorker, tracked.Count);
        Assert.Equal(tracked.Count(t => !t.Deleted), server.GetService<IOperationRegistry>().Count);
    }

    [Fact]
    public async Task ManyClients_CreateTheSameName_OneIsOk_TheRestAlreadyExists()
    {
        const int Clients = 24;
        const int Names = 8;
        await using var server = await StartServerAsync();
        var grpcs = Enumerable.Range(0, Clients).Select(_ => server.CreateClient()).ToList();
        try
        {
            for (var n = 0; n < Names; n++)
            {
                var id = $"contested-{n}";
                var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var calls = grpcs.Select(grpc => Task.Run(async () =>
                {
                    var client = new OperationsTestClient(grpc);
                    await go.Task;
                    try
                    {
                        await client.StartAsync("projects/contested", OperationsTestClient.LongRunning(), id);
                        return StatusCode.OK;
                    }
                    catch (RpcException exception)
                    {
                        return exception.StatusCode;
                    }
                })).ToList();
                go.SetResult();
                var codes = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

                Assert.Equal(1, codes.Count(c => c == StatusCode.OK));
                Assert.Equal(Clients - 1, codes.Count(c => c == StatusCode.AlreadyExists));
            }

            var listed = await new OperationsTestClient(grpcs[0]).ListAsync("projects/contested", pageSize: 100);
            Assert.Equal(Enumerable.Range(0, Names).Select(n => $"projects/contested/operations/contested-{n}"), listed.Operations.Select(o => o.Name));
        }
        finally
        {
            grpcs.ForEach(g => g.Dispose());
        }
    }
}
