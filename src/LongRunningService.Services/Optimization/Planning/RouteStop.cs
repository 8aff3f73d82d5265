namespace LongRunningService.Services.Optimization.Planning;

/// <summary>A visit in a route being built: a shipment's pickup or delivery, by visit request index.</summary>
internal readonly record struct RouteStop(int ShipmentIndex, bool IsPickup, int VisitRequestIndex);
