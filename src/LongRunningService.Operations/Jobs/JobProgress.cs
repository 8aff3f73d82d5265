namespace LongRunningService.Operations.Jobs;

/// <summary>
/// How far a running job is: the number of units of work (NAS trials, pipeline
/// tasks) it has, and when each finished unit finished.
/// </summary>
internal sealed record JobProgress(int Units, IReadOnlyList<DateTimeOffset> Finished)
{
    public static readonly JobProgress None = new(0, []);
}
