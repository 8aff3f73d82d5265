namespace LongRunningService.Operations.Jobs;

/// <summary>Server-wide defaults of simulated jobs, bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobEngineOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Jobs";

    /// <summary>
    /// A named latency profile (<c>instant</c>, <c>fast</c>, <c>realistic</c>) whose
    /// durations replace the five below. Default null: use them as they are
    /// (their defaults are those of <c>fast</c>).
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>How long a job stays QUEUED. Default 100 ms.</summary>
    public TimeSpan QueuedDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a job stays PENDING. Default 100 ms.</summary>
    public TimeSpan PendingDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a job stays RUNNING before it succeeds or fails. Default 2 s.</summary>
    public TimeSpan RunningDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a job stays CANCELLING before it is CANCELLED. Default 0: at once.</summary>
    public TimeSpan CancelDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long the long-running operation of a deletion takes. Default 100 ms.</summary>
    public TimeSpan DeleteDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most jobs held at once; when full, the oldest finished job is forgotten. Default 100,000.</summary>
    public int MaxJobs { get; set; } = 100_000;
}
