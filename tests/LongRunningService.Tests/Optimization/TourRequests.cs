using Google.Cloud.Optimization.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// Routing requests that can be checked by hand. Point k lies k × 0.009° north
/// of (0°, 10°E) on one meridian, so two points k apart are k × 1000.75 m
/// apart and, at the planner's 10 m/s, k × 100 s (rounded) apart for k ≤ 6.
/// Times are offsets in seconds from <see cref="T0"/>, the model's start.
/// </summary>
internal static class TourRequests
{
    public const long T0 = 1_700_000_000;

    public const double StepMeters = 1000.7557;

    public static LatLng Point(int k) => new() { Latitude = 0.009 * k, Longitude = 10 };

    public static Timestamp At(long offset) => new() { Seconds = T0 + offset };

    public static TimeWindow Window(long start, long end) => new() { StartTime = At(start), EndTime = At(end) };

    public static Shipment.Types.VisitRequest Visit(int point, long seconds = 0, params TimeWindow[] windows) => new()
    {
        ArrivalLocation = Point(point),
        Duration = new Duration { Seconds = seconds },
        TimeWindows = { windows },
    };

    public static Shipment Carry(int from, int to, long seconds = 0, string? loadType = null, long amount = 0)
    {
        var shipment = new Shipment { Pickups = { Visit(from, seconds) }, Deliveries = { Visit(to, seconds) } };
        if (loadType is not null)
        {
            shipment.LoadDemands[loadType] = new Shipment.Types.Load { Amount = amount };
        }

        return shipment;
    }

    public static Vehicle Vehicle(int depot = 0, string? loadType = null, long maxLoad = 0)
    {
        var vehicle = new Vehicle { StartLocation = Point(depot), EndLocation = Point(depot) };
        if (loadType is not null)
        {
            vehicle.LoadLimits[loadType] = new Vehicle.Types.LoadLimit { MaxLoad = maxLoad };
        }

        return vehicle;
    }

    public static OptimizeToursRequest Request(IEnumerable<Shipment> shipments, IEnumerable<Vehicle> vehicles, string parent = "projects/p") => new()
    {
        Parent = parent,
        Model = new ShipmentModel
        {
            GlobalStartTime = At(0),
            GlobalEndTime = At(86_400),
            Shipments = { shipments },
            Vehicles = { vehicles },
        },
    };

    /// <summary>A larger problem drawn from a fixed seed: scattered points, windows, loads and several vehicles.</summary>
    public static OptimizeToursRequest Scattered(int seed, int shipmentCount, int vehicleCount)
    {
        var random = new Random(seed);
        LatLng Somewhere() => new() { Latitude = 48.80 + (random.NextDouble() * 0.1), Longitude = 2.25 + (random.NextDouble() * 0.15) };
        var request = Request([], []);
        for (var i = 0; i < shipmentCount; i++)
        {
            var start = random.Next(0, 30_000);
            var shipment = new Shipment
            {
                Label = "s" + i,
                Pickups = { new Shipment.Types.VisitRequest { ArrivalLocation = Somewhere(), Duration = new Duration { Seconds = random.Next(0, 600) } } },
                Deliveries =
                {
                    new Shipment.Types.VisitRequest
                    {
                        ArrivalLocation = Somewhere(),
                        Duration = new Duration { Seconds = random.Next(0, 600) },
                        TimeWindows = { Window(start, start + random.Next(1_800, 20_000)) },
                    },
                },
            };
            shipment.LoadDemands["kg"] = new Shipment.Types.Load { Amount = random.Next(1, 40) };
            if (i % 5 == 0)
            {
                shipment.Pickups.Clear();
            }

            request.Model.Shipments.Add(shipment);
        }

        for (var v = 0; v < vehicleCount; v++)
        {
            var vehicle = new Vehicle { StartLocation = Somewhere(), EndLocation = Somewhere(), Label = "v" + v, StartTimeWindows = { Window(0, 40_000) } };
            vehicle.LoadLimits["kg"] = new Vehicle.Types.LoadLimit { MaxLoad = 60 };
            request.Model.Vehicles.Add(vehicle);
        }

        return request;
    }
}
