namespace LongRunningService.Operations.Timing;

/// <summary>How the emulator's clock moves.</summary>
internal enum ClockMode
{
    /// <summary>With real time (the default), or real time times a factor.</summary>
    Running,

    /// <summary>Only when a client advances it.</summary>
    Paused,
}
