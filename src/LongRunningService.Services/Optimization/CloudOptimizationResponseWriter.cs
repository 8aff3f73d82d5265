using Google.Cloud.Optimization.V1;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Services.Optimization.Planning;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Writes a <see cref="PlanningSolution"/> as a Cloud Optimization
/// <c>OptimizeToursResponse</c>: one route per vehicle (an unused one holds
/// only its index and label), visits with their loads, transitions, route and
/// overall metrics, and the skipped shipments with their reasons. Delays and
/// breaks are always zero; costs are not computed.
/// </summary>
internal static class CloudOptimizationResponseWriter
{
    public static OptimizeToursResponse Write(OptimizeToursRequest request, PlanningProblem problem, PlanningSolution solution)
    {
        var model = request.Model ?? new ShipmentModel();
        var response = new OptimizeToursResponse { RequestLabel = request.Label };
        response.Routes.AddRange(solution.Routes.Select(r => Route(model, problem, r)));
        response.SkippedShipments.AddRange(Skipped(model, solution.Skipped));
        response.Metrics = new OptimizeToursResponse.Types.Metrics
        {
            AggregatedRouteMetrics = Metrics(solution.Metrics, problem),
            SkippedMandatoryShipmentCount = solution.Skipped.Count(s => !model.Shipments[s.ShipmentIndex].Ignore && !model.Shipments[s.ShipmentIndex].HasPenaltyCost),
            UsedVehicleCount = solution.UsedVehicleCount,
            EarliestVehicleStartTime = solution.EarliestVehicleStart is { } start ? Time(start) : null,
            LatestVehicleEndTime = solution.LatestVehicleEnd is { } end ? Time(end) : null,
        };
        return response;
    }

    /// <summary>The answer of DETECT_SOME_INFEASIBLE_SHIPMENTS: the skipped shipments alone.</summary>
    public static OptimizeToursResponse WriteSkipped(OptimizeToursRequest request, IReadOnlyList<PlannedSkip> skipped)
    {
        var response = new OptimizeToursResponse { RequestLabel = request.Label };
        response.SkippedShipments.AddRange(Skipped(request.Model ?? new ShipmentModel(), skipped));
        return response;
    }

    /// <summary>The answer of VALIDATE_ONLY: the problems found, and nothing else.</summary>
    public static OptimizeToursResponse WriteValidation(OptimizeToursRequest request, ValidationReport report)
    {
        var response = new OptimizeToursResponse { RequestLabel = request.Label };
        response.ValidationErrors.AddRange(report.Issues.Select(i => new OptimizeToursValidationError
        {
            Code = i.Code,
            DisplayName = i.DisplayName,
            Fields = { Reference(i.Field) },
            ErrorMessage = i.Message,
        }));
        return response;
    }

    // The path below the request or model, as FieldReference chains it (the model itself is left out).
    private static OptimizeToursValidationError.Types.FieldReference Reference(FieldPath path)
    {
        var segments = path.Segments().ToList();
        if (segments.Count > 1 && segments[0].Name == "model")
        {
            segments.RemoveAt(0);
        }

        OptimizeToursValidationError.Types.FieldReference? reference = null;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = new OptimizeToursValidationError.Types.FieldReference { Name = segments[i].Name, SubField = reference };
            if (segments[i].Index is { } index)
            {
                segment.Index = index;
            }
            else if (segments[i].Key is { } key)
            {
                segment.Key = key;
            }

            reference = segment;
        }

        return reference!;
    }

    private static ShipmentRoute Route(ShipmentModel model, PlanningProblem problem, PlannedRoute planned)
    {
        var route = new ShipmentRoute { VehicleIndex = planned.VehicleIndex, VehicleLabel = model.Vehicles[planned.VehicleIndex].Label };
        if (!planned.Used)
        {
            return route;
        }

        route.VehicleStartTime = Time(planned.VehicleStart);
        route.VehicleEndTime = Time(planned.VehicleEnd);
        foreach (var visit in planned.Visits)
        {
            var shipment = model.Shipments[visit.ShipmentIndex];
            var written = new ShipmentRoute.Types.Visit
            {
                ShipmentIndex = visit.ShipmentIndex,
                IsPickup = visit.IsPickup,
                VisitRequestIndex = visit.VisitRequestIndex,
                StartTime = Time(visit.StartTime),
                Detour = Seconds(visit.DetourSeconds),
                ShipmentLabel = shipment.Label,
                VisitLabel = (visit.IsPickup ? shipment.Pickups : shipment.Deliveries)[visit.VisitRequestIndex].Label,
            };
            for (var t = 0; t < planned.LoadTypes.Count; t++)
            {
                if (visit.LoadChanges[t] != 0)
                {
                    written.LoadDemands[problem.LoadTypes[planned.LoadTypes[t]]] = new Shipment.Types.Load { Amount = visit.LoadChanges[t] };
                }
            }

            route.Visits.Add(written);
        }

        foreach (var transition in planned.Transitions)
        {
            var written = new ShipmentRoute.Types.Transition
            {
                TravelDuration = Seconds(transition.TravelSeconds),
                TravelDistanceMeters = transition.TravelMeters,
                DelayDuration = Seconds(0),
                BreakDuration = Seconds(0),
                WaitDuration = Seconds(transition.WaitSeconds),
                TotalDuration = Seconds(transition.TotalSeconds),
                StartTime = Time(transition.StartTime),
            };
            for (var t = 0; t < planned.LoadTypes.Count; t++)
            {
                written.VehicleLoads[problem.LoadTypes[planned.LoadTypes[t]]] = new ShipmentRoute.Types.VehicleLoad { Amount = transition.Loads[t] };
            }

            route.Transitions.Add(written);
        }

        route.Metrics = Metrics(planned.Metrics, problem);
        return route;
    }

    private static AggregatedMetrics Metrics(RouteMetrics metrics, PlanningProblem problem)
    {
        var written = new AggregatedMetrics
        {
            PerformedShipmentCount = metrics.PerformedShipmentCount,
            TravelDuration = Seconds(metrics.TravelSeconds),
            WaitDuration = Seconds(metrics.WaitSeconds),
            DelayDuration = Seconds(0),
            BreakDuration = Seconds(0),
            VisitDuration = Seconds(metrics.VisitSeconds),
            TotalDuration = Seconds(metrics.TotalSeconds),
            TravelDistanceMeters = metrics.TravelMeters,
        };
        foreach (var (type, load) in metrics.MaxLoads)
        {
            written.MaxLoads[problem.LoadTypes[type]] = new ShipmentRoute.Types.VehicleLoad { Amount = load };
        }

        return written;
    }

    private static IEnumerable<SkippedShipment> Skipped(ShipmentModel model, IReadOnlyList<PlannedSkip> skipped) =>
        skipped.Select(s => new SkippedShipment
        {
            Index = s.ShipmentIndex,
            Label = model.Shipments[s.ShipmentIndex].Label,
            Reasons = { s.Reasons.Select(Reason) },
        });

    private static SkippedShipment.Types.Reason Reason(SkipReason reason)
    {
        var written = new SkippedShipment.Types.Reason
        {
            Code = (SkippedShipment.Types.Reason.Types.Code)(int)reason.Code,
            ExampleExceededCapacityType = reason.CapacityType ?? string.Empty,
        };
        if (reason.ExampleVehicleIndex is { } vehicle)
        {
            written.ExampleVehicleIndex = vehicle;
        }

        return written;
    }

    private static Timestamp Time(long seconds) => new() { Seconds = seconds };

    private static Duration Seconds(long seconds) => new() { Seconds = seconds };
}
