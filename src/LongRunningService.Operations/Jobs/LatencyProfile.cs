namespace LongRunningService.Operations.Jobs;

/// <summary>
/// Named presets of how long simulated jobs take: <c>instant</c> for unit
/// tests, <c>fast</c> (the default) for integration tests, and
/// <c>realistic</c> for minutes like Vertex's.
/// </summary>
internal sealed record LatencyProfile(string Name, TimeSpan Queued, TimeSpan Pending, TimeSpan Running, TimeSpan CancelDelay, TimeSpan DeleteDuration)
{
    public static readonly LatencyProfile Instant = new("instant", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static readonly LatencyProfile Fast = new(
        "fast", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public static readonly LatencyProfile Realistic = new(
        "realistic", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));

    public static IReadOnlyList<LatencyProfile> All { get; } = [Instant, Fast, Realistic];

    public static LatencyProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The profile that <paramref name="options"/> describe: the named one, else its own durations.</summary>
    public static LatencyProfile FromOptions(JobEngineOptions options) =>
        options.Profile is { Length: > 0 } name
            ? Find(name) ?? throw new InvalidOperationException($"Jobs:Profile '{name}' is not a latency profile; use one of: {string.Join(", ", All.Select(p => p.Name))}.")
            : new LatencyProfile("custom", options.QueuedDuration, options.PendingDuration, options.RunningDuration, options.CancelDelay, options.DeleteDuration);
}
