using System.Diagnostics.Metrics;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Diagnostics;

/// <summary>
/// Gauges of what the server holds, read when metrics are collected: operations
/// and simulated jobs by state, and the registry's size against its capacity.
/// Every state is reported, zeros too, so dashboards see a series from the start.
/// </summary>
internal sealed class OperationMetrics
{
    private static readonly JobLifecycleState[] JobStates =
        [.. Enum.GetValues<JobLifecycleState>().Where(s => s != JobLifecycleState.Unspecified)];

    public OperationMetrics(IMeterFactory meters, InMemoryOperationRegistry registry, JobEngine jobs)
    {
        var meter = meters.Create(ServerMeter.Name);
        meter.CreateObservableGauge("longrunning.operations", () => OperationsByState(registry), "{operation}", "Operations held, by state.");
        meter.CreateObservableGauge("longrunning.jobs", () => JobsByState(jobs), "{job}", "Simulated Vertex AI jobs held, by state.");
        meter.CreateObservableGauge("longrunning.registry.size", () => registry.Count, "{operation}", "Operations the registry holds.");
        meter.CreateObservableGauge("longrunning.registry.capacity", () => registry.Capacity, "{operation}", "Most operations the registry holds (Operations:MaxOperations).");
    }

    private static IEnumerable<Measurement<int>> OperationsByState(InMemoryOperationRegistry registry)
    {
        var counts = registry.CountByState();
        yield return Measure(counts.Running, "running");
        yield return Measure(counts.Succeeded, "succeeded");
        yield return Measure(counts.Failed, "failed");
        yield return Measure(counts.Cancelled, "cancelled");
    }

    private static IEnumerable<Measurement<int>> JobsByState(JobEngine jobs)
    {
        var counts = jobs.CountByState();
        return JobStates.Select(state => Measure(counts.GetValueOrDefault(state), state.ToString().ToLowerInvariant()));
    }

    private static Measurement<int> Measure(int value, string state) => new(value, new KeyValuePair<string, object?>("state", state));
}
