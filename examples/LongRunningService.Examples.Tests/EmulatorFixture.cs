using LongRunningService.Testing;

namespace Examples;

/// <summary>
/// One emulator for a test class (<c>IClassFixture&lt;EmulatorFixture&gt;</c>), its clock paused
/// so that the tests say when time passes.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await EmulatorHost.StartAsync(new() { PauseClock = true });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
