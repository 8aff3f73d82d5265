namespace LongRunningService.Services.Optimization;

/// <summary>The emulated Cloud Optimization API, bound from the <c>Optimization</c> section.</summary>
public sealed class OptimizationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Optimization";

    /// <summary>
    /// How long a BatchOptimizeTours operation runs before it succeeds. Default 2 s.
    /// Zero or negative: the operation is done when BatchOptimizeTours returns.
    /// </summary>
    public TimeSpan BatchDuration { get; set; } = TimeSpan.FromSeconds(2);
}
