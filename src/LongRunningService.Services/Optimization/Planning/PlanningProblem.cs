namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A routing problem in plain terms, whatever API it came from: shipments,
/// vehicles, the model's time span (Unix seconds, both ends included), the
/// load types every demand and limit array is aligned with, and the travel
/// speed on straight lines.
/// </summary>
internal sealed record PlanningProblem(
    IReadOnlyList<PlanShipment> Shipments,
    IReadOnlyList<PlanVehicle> Vehicles,
    long GlobalStart,
    long GlobalEnd,
    IReadOnlyList<string> LoadTypes,
    double MetersPerSecond,
    int? MaxActiveVehicles);
