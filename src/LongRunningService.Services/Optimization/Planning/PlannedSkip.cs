namespace LongRunningService.Services.Optimization.Planning;

/// <summary>A shipment the plan leaves out, and why (empty for an ignored shipment, or when no code fits).</summary>
internal sealed record PlannedSkip(int ShipmentIndex, IReadOnlyList<SkipReason> Reasons);
