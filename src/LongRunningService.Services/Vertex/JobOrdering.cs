using LongRunningService.Contracts;
using LongRunningService.Operations.Jobs;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// The <c>order_by</c> of a List request: one of <c>create_time</c>,
/// <c>update_time</c>, <c>start_time</c>, <c>end_time</c>, ascending or with
/// <c>desc</c>. Pages resume after the (key, sequence) of the last job shown,
/// so a page token stays valid while jobs are added or removed.
/// </summary>
internal sealed class JobOrdering
{
    private static readonly Dictionary<string, Func<SimulatedJob, long>> Keys = new(StringComparer.Ordinal)
    {
        ["create_time"] = static job => job.Sequence,
        ["update_time"] = static job => job.Status.UpdateTime.UtcTicks,
        ["start_time"] = static job => job.Status.StartTime?.UtcTicks ?? long.MinValue,
        ["end_time"] = static job => job.Status.EndTime?.UtcTicks ?? long.MinValue,
    };

    private readonly Func<SimulatedJob, long> _key;
    private readonly bool _descending;

    private JobOrdering(Func<SimulatedJob, long> key, bool descending)
    {
        _key = key;
        _descending = descending;
    }

    /// <summary>Reads <c>order_by</c>; without it, requests that offer it get Vertex's default <c>create_time desc</c>.</summary>
    public static JobOrdering Parse(string orderBy, bool requestHasOrderBy)
    {
        var text = orderBy.Trim();
        if (text.Length == 0)
        {
            return new JobOrdering(Keys["create_time"], descending: requestHasOrderBy);
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (text.Contains(',', StringComparison.Ordinal) || words.Length > 2
            || !Keys.TryGetValue(words[0], out var key)
            || (words.Length == 2 && words[1] is not ("desc" or "asc")))
        {
            throw RpcErrors.InvalidField(
                "order_by",
                $"The field `order_by` '{ClientText.Prefix(orderBy)}' is not supported: give one of create_time, update_time, start_time, end_time, optionally followed by 'desc'.");
        }

        return new JobOrdering(key, words.Length == 2 && words[1] == "desc");
    }

    /// <summary>One page, and the position to resume after when more jobs follow.</summary>
    public (IReadOnlyList<SimulatedJob> Jobs, long[]? Next) Page(IEnumerable<SimulatedJob> jobs, long[]? after, int pageSize)
    {
        var keyed = jobs.Select(job => (Key: _key(job), job.Sequence, Job: job));
        var sorted = _descending
            ? keyed.OrderByDescending(j => j.Key).ThenByDescending(j => j.Sequence)
            : keyed.OrderBy(j => j.Key).ThenBy(j => j.Sequence);
        var remaining = after is null ? sorted : sorted.Where(j => IsAfter(j.Key, j.Sequence, after));
        var page = remaining.Take(pageSize + 1).ToList();
        if (page.Count <= pageSize)
        {
            return (page.Select(j => j.Job).ToList(), null);
        }

        var last = page[pageSize - 1];
        return (page.Take(pageSize).Select(j => j.Job).ToList(), [last.Key, last.Sequence]);
    }

    private bool IsAfter(long key, long sequence, long[] position)
    {
        var comparison = key != position[0] ? key.CompareTo(position[0]) : sequence.CompareTo(position[1]);
        return _descending ? comparison < 0 : comparison > 0;
    }
}
