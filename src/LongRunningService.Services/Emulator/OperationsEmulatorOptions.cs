namespace LongRunningService.Services.Emulator;

/// <summary>Limits and start-up state of the emulator control API, bound from the <c>Emulator</c> section.</summary>
public sealed class OperationsEmulatorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Emulator";

    /// <summary>Most operations one BatchStartOperations call may start. Default 1,000,000.</summary>
    public int MaxBatchSize { get; set; } = 1_000_000;

    /// <summary>Most calls the call journal keeps; the oldest go first. Default 10,000.</summary>
    public int JournalSize { get; set; } = 10_000;

    /// <summary>
    /// A JSON file of <c>longrunning.emulator.v1.EmulatorState</c> (what
    /// ExportState writes) loaded at start-up; a bad file stops the start.
    /// Default null: start empty.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>
    /// Longest time a client may script: an operation script's
    /// <c>duration</c> and <c>cancel_delay</c>, a job's <c>emulator-*</c>
    /// duration labels and a fault rule's <c>delay</c>; longer ones are
    /// INVALID_ARGUMENT. Default 365 days.
    /// </summary>
    public TimeSpan MaxScriptDuration { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Most fault rules held at once. Default 100.</summary>
    public int MaxFaultRules { get; set; } = 100;
}
