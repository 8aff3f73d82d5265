using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Options;

namespace LongRunningService.Tests.ControlPlane;

/// <summary>The journal's own bookkeeping: its bound, its order, its gaps, and removal.</summary>
public sealed class CallJournalRingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Journal_KeepsTheNewestCallsInOrder_WhenMoreArriveThanItHolds()
    {
        var journal = NewJournal(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            journal.Add(Entry($"operations/op-{i}", Start.AddSeconds(i)));
        }

        var (records, _, hasMore) = journal.Page(_ => true, after: 0, pageSize: 10);

        Assert.Equal(3, journal.Count);
        Assert.False(hasMore);
        Assert.Equal(["operations/op-2", "operations/op-3", "operations/op-4"], records.Select(r => r.Resource));
    }

    [Fact]
    public void Journal_RecordsTheGapSincePreviousCallOnTheSameResource()
    {
        var journal = NewJournal(capacity: 10);
        journal.Add(Entry("operations/a", Start));
        journal.Add(Entry("operations/b", Start.AddSeconds(1)));
        journal.Add(Entry("operations/a", Start.AddMilliseconds(2500)));

        var (records, _, _) = journal.Page(e => e.Resource == "operations/a", after: 0, pageSize: 10);

        Assert.Null(records[0].Gap);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), records[1].Gap.ToTimeSpan());
    }

    [Fact]
    public void Journal_PagesAfterAPosition_AndKeepsWorkingAfterRemovalAcrossTheWrap()
    {
        var journal = NewJournal(capacity: 4);
        for (var i = 0; i < 6; i++)
        {
            journal.Add(Entry(i % 2 == 0 ? $"projects/x/operations/{i}" : $"projects/y/operations/{i}", Start.AddSeconds(i)));
        }

        var (first, last, hasMore) = journal.Page(_ => true, after: 0, pageSize: 2);
        var (second, _, moreAfter) = journal.Page(_ => true, after: last, pageSize: 2);
        Assert.True(hasMore);
        Assert.False(moreAfter);
        Assert.Equal(["projects/x/operations/2", "projects/y/operations/3", "projects/x/operations/4", "projects/y/operations/5"],
            first.Concat(second).Select(r => r.Resource));

        Assert.Equal(2, journal.RemoveWhere(e => e.Resource.StartsWith("projects/x/", StringComparison.Ordinal)));
        journal.Add(Entry("projects/z/operations/6", Start.AddSeconds(6)));
        journal.Add(Entry("projects/z/operations/7", Start.AddSeconds(7)));
        journal.Add(Entry("projects/z/operations/8", Start.AddSeconds(8)));

        var (after, _, _) = journal.Page(_ => true, after: 0, pageSize: 10);
        Assert.Equal(["projects/y/operations/5", "projects/z/operations/6", "projects/z/operations/7", "projects/z/operations/8"],
            after.Select(r => r.Resource));
    }

    private static CallJournal NewJournal(int capacity) =>
        new(Options.Create(new OperationsEmulatorOptions { JournalSize = capacity }));

    private static CallJournalEntry Entry(string resource, DateTimeOffset time) =>
        new(time, "grpc", "google.longrunning.Operations/GetOperation", resource, default, null, 0, TimeSpan.FromMilliseconds(1));
}
