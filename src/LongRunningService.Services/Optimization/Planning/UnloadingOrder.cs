namespace LongRunningService.Services.Optimization.Planning;

/// <summary>The order in which a vehicle must deliver the shipments it picked up (<c>Vehicle.UnloadingPolicy</c>).</summary>
internal enum UnloadingOrder
{
    /// <summary>Any order; a delivery just follows its pickup.</summary>
    Any = 0,

    /// <summary>Deliveries in the reverse order of their pickups.</summary>
    LastInFirstOut = 1,

    /// <summary>Deliveries in the order of their pickups.</summary>
    FirstInFirstOut = 2,
}
