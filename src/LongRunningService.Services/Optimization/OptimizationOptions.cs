namespace LongRunningService.Services.Optimization;

/// <summary>The emulated Cloud Optimization and Route Optimization APIs, bound from the <c>Optimization</c> section.</summary>
public sealed class OptimizationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Optimization";

    /// <summary>
    /// How long an optimization operation runs before it succeeds: Cloud Optimization's
    /// BatchOptimizeTours and Route Optimization's BatchOptimizeTours,
    /// OptimizeToursLongRunning and OptimizeToursUri. Default 2 s. Zero or negative:
    /// the operation is done when the call returns. A latency profile chosen for the
    /// project (or as the server default) takes its place with its running duration.
    /// </summary>
    public TimeSpan BatchDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Which API answers the REST paths both APIs bind (<c>:optimizeTours</c> and
    /// <c>:batchOptimizeTours</c> under <c>projects/*</c> and <c>projects/*/locations/*</c>).
    /// Default <see cref="SharedRestPaths.Split"/>. gRPC is not affected: there each service has its own name.
    /// </summary>
    public SharedRestPaths SharedRestPaths { get; set; } = SharedRestPaths.Split;
}
