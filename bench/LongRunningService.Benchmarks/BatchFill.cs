using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Benchmarks;

/// <summary>
/// A registry filled the way a client's batch fills it: by the emulator's own
/// BatchStartOperations handler, on the given clock, with room for the batch.
/// </summary>
internal sealed class BatchFill : IDisposable
{
    public BatchFill(TimeProvider clock, int count)
    {
        Registry = new InMemoryOperationRegistry(
            Options.Create(new OperationRegistryOptions { MaxOperations = Math.Max(count, 1) + 100_000 }),
            clock);
        Emulator = new OperationsEmulatorService(
            Registry,
            new ScriptedOperationRunner(clock, NullLogger<ScriptedOperationRunner>.Instance),
            Options.Create(new OperationsEmulatorOptions { MaxBatchSize = Math.Max(count, 1) }));
    }

    public InMemoryOperationRegistry Registry { get; }

    public OperationsEmulatorService Emulator { get; }

    /// <summary>Starts <paramref name="count"/> operations under the bench parent with <paramref name="script"/>.</summary>
    public BatchStartOperationsResponse Start(int count, OperationScript script) =>
        Emulator.BatchStartOperations(
            new BatchStartOperationsRequest { Parent = BenchNames.Parent, Count = count, Script = script },
            new StubCallContext("/longrunning.emulator.v1.OperationsEmulator/BatchStartOperations")).GetAwaiter().GetResult();

    public void Dispose() => Registry.Dispose();
}
