namespace LongRunningService.Benchmarks;

/// <summary>Resource names every bench command agrees on.</summary>
internal static class BenchNames
{
    public const string Parent = "projects/bench/locations/us-central1";

    /// <summary>The finished operation the GetOperation load reads.</summary>
    public const string GetId = "bench-get";

    /// <summary>The running operation the CancelOperation load cancels, over and over.</summary>
    public const string CancelId = "bench-cancel";

    public const string GetName = Parent + "/operations/" + GetId;

    public const string CancelName = Parent + "/operations/" + CancelId;
}
