namespace LongRunningService.Services.Optimization.Planning;

/// <summary>One reason a shipment was skipped, with a vehicle it applies to and, for capacity, the load type exceeded.</summary>
internal sealed record SkipReason(SkipReasonCode Code, int? ExampleVehicleIndex, string? CapacityType);
