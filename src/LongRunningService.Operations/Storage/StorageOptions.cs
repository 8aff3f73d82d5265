namespace LongRunningService.Operations.Storage;

/// <summary>Where the server keeps its state, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Folder of the SQLite data file that keeps operations, jobs and the
    /// clock across restarts. Default none: everything is kept in memory only.
    /// </summary>
    public string? DataDir { get; set; }
}
