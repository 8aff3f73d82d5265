namespace LongRunningService.Operations.Registry;

/// <summary>How many held operations are in each state, for metrics.</summary>
internal readonly record struct OperationCounts(int Running, int Succeeded, int Failed, int Cancelled);
