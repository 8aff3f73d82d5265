using System.Collections;

namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A route with one insertion applied, read through without copying: the
/// planner drives thousands of candidates per shipment, and copying each would
/// cost as much as driving it. Reused from one candidate to the next.
/// </summary>
internal sealed class InsertionView : IReadOnlyList<RouteStop>
{
    private IReadOnlyList<RouteStop> _route = [];
    private Insertion _insertion;
    private bool _hasPickup;
    private bool _hasDelivery;

    public int Count { get; private set; }

    public RouteStop this[int index]
    {
        get
        {
            if (index < _insertion.PickupPosition || (!_hasPickup && !_hasDelivery))
            {
                return _route[index];
            }

            if (_hasPickup && index == _insertion.PickupPosition)
            {
                return new RouteStop(_insertion.ShipmentIndex, true, _insertion.Pickup);
            }

            // Past the pickup: the route's stops with the delivery inserted.
            var rest = _hasPickup ? index - 1 : index;
            if (!_hasDelivery || rest < _insertion.DeliveryPosition)
            {
                return _route[rest];
            }

            return rest == _insertion.DeliveryPosition ? new RouteStop(_insertion.ShipmentIndex, false, _insertion.Delivery) : _route[rest - 1];
        }
    }

    public void Set(IReadOnlyList<RouteStop> route, Insertion insertion)
    {
        _route = route;
        _insertion = insertion;
        _hasPickup = insertion.Pickup >= 0;
        _hasDelivery = insertion.Delivery >= 0;
        Count = route.Count + (_hasPickup ? 1 : 0) + (_hasDelivery ? 1 : 0);
    }

    public IEnumerator<RouteStop> GetEnumerator()
    {
        for (var k = 0; k < Count; k++)
        {
            yield return this[k];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
