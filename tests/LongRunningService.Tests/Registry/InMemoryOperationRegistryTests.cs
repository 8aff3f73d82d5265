using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Registry;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace LongRunningService.Tests.Registry;

public sealed class InMemoryOperationRegistryTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Complete_SecondResult_IsIgnored()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);

        Assert.True(handle.TrySucceed(Any.Pack(new Empty())));
        Assert.False(handle.TryFail(new Google.Rpc.Status { Code = 1 }));

        Assert.Equal(Operation.ResultOneofCase.Response, registry.Get("operations/1")!.ResultCase);
    }

    [Fact]
    public void NewOperationId_SkipsPastNumericIdsAlreadyHeld()
    {
        using var registry = CreateRegistry();
        registry.Start("projects/p/operations/41", null);
        registry.AddCompleted(new Operation { Name = "projects/q/operations/7", Done = true, Response = Any.Pack(new Empty()) });
        registry.Start("projects/p/operations/not-a-number", null);

        var generated = registry.NewOperationId();

        Assert.Equal("42", generated);
        registry.Start($"projects/p/operations/{generated}", null);
    }

    [Fact]
    public async Task RequestCancel_RunningOperation_SignalsTheWork()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);
        var signalled = new TaskCompletionSource();
        handle.CancellationToken.Register(() => signalled.TrySetResult());

        var outcome = registry.RequestCancel("operations/1");

        Assert.Equal(CancelOutcome.Requested, outcome);
        await signalled.Task.DefaultTimeout();
    }

    [Fact]
    public void RequestCancel_DoneOperation_ChangesNothing()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);
        handle.TrySucceed(Any.Pack(new Empty()));
        var before = registry.Get("operations/1");

        Assert.Equal(CancelOutcome.AlreadyDone, registry.RequestCancel("operations/1"));
        Assert.Same(before, registry.Get("operations/1"));
        Assert.Equal(CancelOutcome.NotFound, registry.RequestCancel("operations/2"));
    }

    [Fact]
    public async Task WaitAsync_CompletionWakesWaiterAtOnce()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);
        var waiting = registry.WaitAsync("operations/1", Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        handle.TrySucceed(Any.Pack(new Empty()));

        Assert.True((await waiting.DefaultTimeout())!.Done);
    }

    [Fact]
    public void Start_FullOfRunningOperations_ThrowsRegistryFull()
    {
        using var registry = CreateRegistry(maxOperations: 2);
        registry.Start("operations/1", null);
        registry.Start("operations/2", null);

        Assert.Throws<RegistryFullException>(() => registry.Start("operations/3", null));
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void Start_Full_EvictsOldestFinishedFirst()
    {
        using var registry = CreateRegistry(maxOperations: 3);
        var first = registry.Start("operations/1", null);
        var second = registry.Start("operations/2", null);
        registry.Start("operations/3", null);
        second.TrySucceed(Any.Pack(new Empty()));
        first.TrySucceed(Any.Pack(new Empty()));

        registry.Start("operations/4", null);

        Assert.Null(registry.Get("operations/2"));
        Assert.NotNull(registry.Get("operations/1"));
    }

    [Fact]
    public void Delete_FinishedOperation_FreesItsPlace()
    {
        using var registry = CreateRegistry(maxOperations: 1);
        registry.Start("operations/1", null).TrySucceed(Any.Pack(new Empty()));

        Assert.True(registry.Delete("operations/1"));
        Assert.False(registry.Delete("operations/1"));
        registry.Start("operations/2", null);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Complete_AfterDelete_DoesNotBringItBack()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);
        registry.Delete("operations/1");

        handle.TrySucceed(Any.Pack(new Empty()));

        Assert.Null(registry.Get("operations/1"));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Sweep_RetentionPassed_ForgetsOnlyOldFinishedOperations()
    {
        using var registry = CreateRegistry(retention: TimeSpan.FromMinutes(5));
        registry.Start("operations/old", null).TrySucceed(Any.Pack(new Empty()));
        _clock.Advance(TimeSpan.FromMinutes(3));
        registry.Start("operations/new", null).TrySucceed(Any.Pack(new Empty()));
        registry.Start("operations/running", null);

        _clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Null(registry.Get("operations/old"));
        Assert.NotNull(registry.Get("operations/new"));
        Assert.NotNull(registry.Get("operations/running"));
    }

    [Fact]
    public void List_ResumesAfterPosition_SkippingRemovedAndIncludingAdded()
    {
        using var registry = CreateRegistry();
        for (var i = 1; i <= 5; i++)
        {
            registry.Start($"projects/p/operations/{i}", null);
        }

        var first = registry.List("projects/p", _ => true, 2, 0);
        registry.Delete("projects/p/operations/3");
        registry.Start("projects/p/operations/6", null);
        var second = registry.List("projects/p", _ => true, 10, first.LastSequence);

        Assert.True(first.HasMore);
        Assert.Equal(["projects/p/operations/1", "projects/p/operations/2"], first.Operations.Select(o => o.Name));
        Assert.Equal(["projects/p/operations/4", "projects/p/operations/5", "projects/p/operations/6"], second.Operations.Select(o => o.Name));
        Assert.False(second.HasMore);
    }

    [Fact]
    public void List_PageExactlyFull_ReportsNoMoreWhenNothingElseMatches()
    {
        using var registry = CreateRegistry();
        registry.Start("projects/p/operations/1", null);
        registry.Start("projects/p/operations/2", null);

        var page = registry.List("projects/p", _ => true, 2, 0);

        Assert.Equal(2, page.Operations.Count);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void Start_DuplicateName_Throws()
    {
        using var registry = CreateRegistry();
        registry.Start("operations/1", null);

        Assert.Throws<OperationAlreadyExistsException>(() => registry.Start("operations/1", null));
    }

    [Fact]
    public void StartBatch_MoreThanTheRoomLeft_AddsNoneAndKeepsWhatIsHeld()
    {
        using var registry = CreateRegistry(maxOperations: 5);
        registry.Start("operations/held", null);
        registry.AddCompleted(new Operation { Name = "operations/finished", Done = true, Response = Any.Pack(new Empty()) });

        Assert.Throws<RegistryFullException>(() => registry.StartBatch("projects/p", 5, null, null));

        Assert.Equal(2, registry.Count);
        Assert.NotNull(registry.Get("operations/finished"));
    }

    [Fact]
    public void StartBatch_RoomAfterForgettingFinished_AddsAllAndForgetsOldestFinished()
    {
        using var registry = CreateRegistry(maxOperations: 5);
        registry.Start("operations/held", null);
        registry.AddCompleted(new Operation { Name = "operations/finished", Done = true, Response = Any.Pack(new Empty()) });

        var handles = registry.StartBatch("projects/p", 4, null, null);

        Assert.Equal(4, handles.Count);
        Assert.Equal(5, registry.Count);
        Assert.Null(registry.Get("operations/finished"));
        Assert.All(handles, h => Assert.False(registry.Get(h.Name)!.Done));
    }

    [Fact]
    public void Start_WithoutNeedingRoom_FullOfRunningOperations_IsTaken()
    {
        using var registry = CreateRegistry(maxOperations: 2);
        registry.Start("operations/1", null);
        registry.Start("operations/2", null);

        var deletion = registry.Start("operations/3", null, needsRoom: false);

        Assert.Throws<RegistryFullException>(() => registry.Start("operations/4", null));
        Assert.Equal("operations/3", deletion.Name);
        Assert.Equal(3, registry.Count);
    }

    [Fact]
    public async Task OnCancelRequested_CancelledBeforeAndAfter_TellsTheWorkOnce()
    {
        using var registry = CreateRegistry();
        var handle = registry.Start("operations/1", null);
        var work = new CountingWork();

        handle.OnCancelRequested(work);
        registry.RequestCancel("operations/1");
        registry.RequestCancel("operations/1");

        await work.Called.Task.DefaultTimeout();
        Assert.Equal(1, work.Calls);
    }

    private sealed class CountingWork : ICancellableWork
    {
        private int _calls;

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public void CancelRequested()
        {
            Interlocked.Increment(ref _calls);
            Called.TrySetResult();
        }
    }

    private InMemoryOperationRegistry CreateRegistry(int maxOperations = 100, TimeSpan? retention = null) =>
        new(Options.Create(new OperationRegistryOptions { MaxOperations = maxOperations, Retention = retention ?? TimeSpan.FromHours(1) }), _clock);
}
