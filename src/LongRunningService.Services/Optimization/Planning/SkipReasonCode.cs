namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Why a shipment was left out. The values are those of
/// <c>SkippedShipment.Reason.Code</c>, which Cloud Optimization and Route
/// Optimization share, so adapters convert by value.
/// </summary>
internal enum SkipReasonCode
{
    /// <summary>No reason that fits a code (e.g. an unloading order or a pickup-to-delivery time limit).</summary>
    Unspecified = 0,
    NoVehicle = 1,
    DemandExceedsVehicleCapacity = 2,
    CannotBePerformedWithinVehicleDistanceLimit = 3,
    CannotBePerformedWithinVehicleDurationLimit = 4,
    CannotBePerformedWithinVehicleTravelDurationLimit = 5,
    CannotBePerformedWithinVehicleTimeWindows = 6,
    VehicleNotAllowed = 7,
}
