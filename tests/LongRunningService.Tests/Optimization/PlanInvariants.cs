using Google.Cloud.Optimization.V1;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// What every answer of OptimizeTours must satisfy, checked from the request
/// and the response alone: each shipment done once (pickup before delivery, on
/// one vehicle) or skipped; times inside their windows and the model's span;
/// transitions that fill the time between events; loads that follow the
/// visits and stay within limits; travel at 10 m/s; metrics that add up.
/// </summary>
internal static class PlanInvariants
{
    public static void AssertConsistent(OptimizeToursRequest request, OptimizeToursResponse response)
    {
        var model = request.Model;
        Assert.Equal(model.Vehicles.Count, response.Routes.Count);
        var done = new Dictionary<int, List<(int Route, int Position, bool Pickup)>>();
        for (var r = 0; r < response.Routes.Count; r++)
        {
            var route = response.Routes[r];
            Assert.Equal(r, route.VehicleIndex);
            AssertRoute(model, route);
            for (var i = 0; i < route.Visits.Count; i++)
            {
                var visit = route.Visits[i];
                (done.TryGetValue(visit.ShipmentIndex, out var list) ? list : done[visit.ShipmentIndex] = []).Add((r, i, visit.IsPickup));
            }
        }

        var skipped = response.SkippedShipments.Select(s => s.Index).ToList();
        Assert.Equal(skipped.Distinct().Count(), skipped.Count);
        for (var s = 0; s < model.Shipments.Count; s++)
        {
            var shipment = model.Shipments[s];
            if (skipped.Contains(s))
            {
                Assert.False(done.ContainsKey(s), $"shipment {s} is both skipped and visited");
                continue;
            }

            var visits = done[s];
            Assert.Equal(shipment.Pickups.Count > 0 ? 1 : 0, visits.Count(v => v.Pickup));
            Assert.Equal(shipment.Deliveries.Count > 0 ? 1 : 0, visits.Count(v => !v.Pickup));
            Assert.Single(visits.Select(v => v.Route).Distinct());
            if (visits.Count == 2)
            {
                Assert.True(visits.Single(v => v.Pickup).Position < visits.Single(v => !v.Pickup).Position, $"shipment {s} is delivered before it is picked up");
            }
        }

        var used = response.Routes.Where(r => r.Visits.Count > 0 || r.Transitions.Count > 0).ToList();
        var metrics = response.Metrics;
        Assert.Equal(used.Count, metrics.UsedVehicleCount);
        Assert.Equal(done.Count, metrics.AggregatedRouteMetrics.PerformedShipmentCount);
        Assert.Equal(used.Sum(r => r.Metrics.TravelDuration.Seconds), metrics.AggregatedRouteMetrics.TravelDuration.Seconds);
        Assert.Equal(used.Sum(r => r.Metrics.WaitDuration.Seconds), metrics.AggregatedRouteMetrics.WaitDuration.Seconds);
        Assert.Equal(used.Sum(r => r.Metrics.VisitDuration.Seconds), metrics.AggregatedRouteMetrics.VisitDuration.Seconds);
        Assert.Equal(used.Sum(r => r.Metrics.TotalDuration.Seconds), metrics.AggregatedRouteMetrics.TotalDuration.Seconds);
        Assert.Equal(used.Sum(r => r.Metrics.TravelDistanceMeters), metrics.AggregatedRouteMetrics.TravelDistanceMeters, 6);
        if (used.Count > 0)
        {
            Assert.Equal(used.Min(r => r.VehicleStartTime), metrics.EarliestVehicleStartTime);
            Assert.Equal(used.Max(r => r.VehicleEndTime), metrics.LatestVehicleEndTime);
        }
    }

    private static void AssertRoute(ShipmentModel model, ShipmentRoute route)
    {
        var vehicle = model.Vehicles[route.VehicleIndex];
        if (route.Visits.Count == 0 && !vehicle.UsedIfRouteIsEmpty)
        {
            Assert.Empty(route.Transitions);
            Assert.Null(route.VehicleStartTime);
            return;
        }

        Assert.Equal(route.Visits.Count + 1, route.Transitions.Count);
        Assert.Equal(route.VehicleStartTime, route.Transitions[0].StartTime);
        AssertInside(vehicle.StartTimeWindows, route.VehicleStartTime, model);
        AssertInside(vehicle.EndTimeWindows, route.VehicleEndTime, model);
        var loads = new Dictionary<string, long>(route.Transitions[0].VehicleLoads.ToDictionary(l => l.Key, l => l.Value.Amount));
        long travel = 0, wait = 0, visitTime = 0;
        double meters = 0;
        for (var i = 0; i < route.Transitions.Count; i++)
        {
            var transition = route.Transitions[i];
            var next = i < route.Visits.Count ? route.Visits[i].StartTime : route.VehicleEndTime;
            Assert.Equal(next.Seconds - transition.StartTime.Seconds, transition.TotalDuration.Seconds);
            Assert.Equal(transition.TravelDuration.Seconds + transition.WaitDuration.Seconds, transition.TotalDuration.Seconds);
            Assert.Equal((long)Math.Round(transition.TravelDistanceMeters / 10, MidpointRounding.AwayFromZero), transition.TravelDuration.Seconds);
            Assert.True(transition.WaitDuration.Seconds >= 0);
            foreach (var (type, load) in transition.VehicleLoads)
            {
                Assert.Equal(loads.GetValueOrDefault(type), load.Amount);
                if (vehicle.LoadLimits.TryGetValue(type, out var limit) && limit.HasMaxLoad)
                {
                    Assert.True(load.Amount <= limit.MaxLoad, $"route {route.VehicleIndex} carries {load.Amount} {type}, over {limit.MaxLoad}");
                }
            }

            travel += transition.TravelDuration.Seconds;
            wait += transition.WaitDuration.Seconds;
            meters += transition.TravelDistanceMeters;
            if (i == route.Visits.Count)
            {
                break;
            }

            var visit = route.Visits[i];
            var shipment = model.Shipments[visit.ShipmentIndex];
            var request = (visit.IsPickup ? shipment.Pickups : shipment.Deliveries)[visit.VisitRequestIndex];
            AssertInside(request.TimeWindows, visit.StartTime, model);
            Assert.Equal(visit.StartTime.Seconds + (request.Duration?.Seconds ?? 0), route.Transitions[i + 1].StartTime.Seconds);
            visitTime += request.Duration?.Seconds ?? 0;
            foreach (var (type, demand) in visit.LoadDemands)
            {
                loads[type] = loads.GetValueOrDefault(type) + demand.Amount;
            }
        }

        Assert.Equal(travel, route.Metrics.TravelDuration.Seconds);
        Assert.Equal(wait, route.Metrics.WaitDuration.Seconds);
        Assert.Equal(visitTime, route.Metrics.VisitDuration.Seconds);
        Assert.Equal(route.VehicleEndTime.Seconds - route.VehicleStartTime.Seconds, route.Metrics.TotalDuration.Seconds);
        Assert.Equal(travel + wait + visitTime, route.Metrics.TotalDuration.Seconds);
        Assert.Equal(meters, route.Metrics.TravelDistanceMeters, 6);
    }

    private static void AssertInside(IList<TimeWindow> windows, Timestamp time, ShipmentModel model)
    {
        Assert.InRange(time.Seconds, model.GlobalStartTime.Seconds, model.GlobalEndTime.Seconds);
        if (windows.Count > 0)
        {
            Assert.Contains(windows, w => (w.StartTime?.Seconds ?? 0) <= time.Seconds && time.Seconds <= (w.EndTime?.Seconds ?? long.MaxValue));
        }
    }
}
