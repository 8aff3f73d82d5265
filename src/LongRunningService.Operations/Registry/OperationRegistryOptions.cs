namespace LongRunningService.Operations.Registry;

/// <summary>Bounds of the in-memory registry, bound from the <c>Operations</c> configuration section.</summary>
public sealed class OperationRegistryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Operations";

    /// <summary>
    /// Most operations held at once. When full, the oldest finished operation is
    /// forgotten to make room; when every held operation is still running, new
    /// work is refused with RESOURCE_EXHAUSTED. Default 100,000.
    /// </summary>
    public int MaxOperations { get; set; } = 100_000;

    /// <summary>How long a finished operation stays readable. Default 24 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
