namespace LongRunningService.Services.Optimization.Planning;

/// <summary>A hard time window: an event may happen at any second from <see cref="Start"/> to <see cref="End"/>, both included (Unix seconds).</summary>
internal readonly record struct PlanTimeWindow(long Start, long End);
