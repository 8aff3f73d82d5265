using Microsoft.Extensions.Logging;

namespace LongRunningService.Testing;

/// <summary>How <see cref="EmulatorHost.StartAsync"/> starts the server.</summary>
public sealed class EmulatorHostOptions
{
    /// <summary>
    /// Start with the emulator's clock paused: nothing scheduled happens until the
    /// test moves it (<see cref="EmulatorControls.AdvanceAsync"/>). Default: running, in real time.
    /// </summary>
    public bool PauseClock { get; set; }

    /// <summary>
    /// The latency profile of every project's jobs: <c>instant</c>, <c>fast</c> or
    /// <c>realistic</c> (<c>Jobs:Profile</c>). Null: the server's default durations.
    /// </summary>
    public string? LatencyProfile { get; set; }

    /// <summary>
    /// A JSON <c>EmulatorState</c> file loaded before the server listens
    /// (<c>Emulator:SeedFile</c>); a relative path is taken from the current directory.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>Operations and jobs to load once the server listens, before <see cref="EmulatorHost.StartAsync"/> returns.</summary>
    public LongRunning.Emulator.V1.EmulatorState? Seed { get; set; }

    /// <summary>
    /// A shared secret every call must carry (<c>Auth:Token</c>). The host's channel and
    /// HTTP clients send it; other clients get UNAUTHENTICATED without it.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// Any other server setting by its configuration key, as the README's options table
    /// names them, e.g. <c>["Operations:MaxOperations"] = "1000"</c>.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the server logs. By default it logs nowhere.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
