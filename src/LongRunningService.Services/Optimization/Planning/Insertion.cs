namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// Where a shipment goes into a route: its pickup alternative (-1: none) before
/// the stop now at <see cref="PickupPosition"/>, and its delivery alternative
/// (-1: none) before the stop now at <see cref="DeliveryPosition"/>, which is
/// never before the pickup's.
/// </summary>
internal readonly record struct Insertion(int ShipmentIndex, int Pickup, int PickupPosition, int Delivery, int DeliveryPosition)
{
    /// <summary>The route with the shipment inserted.</summary>
    public List<RouteStop> Apply(IReadOnlyList<RouteStop> route)
    {
        var view = new InsertionView();
        view.Set(route, this);
        var stops = new List<RouteStop>(view.Count);
        for (var k = 0; k < view.Count; k++)
        {
            stops.Add(view[k]);
        }

        return stops;
    }
}
