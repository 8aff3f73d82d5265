using Google.Maps.RouteOptimization.V1;
using Grpc.Core;
using LongRunningService.Services.Optimization;

namespace LongRunningService.Tests.Optimization;

/// <summary>
/// A planner for the service tests: records each request it gets and answers
/// with one route per vehicle labelled after the request, or with the error it
/// was told to throw, so a test can see that the service passes both through.
/// </summary>
internal sealed class RecordingRoutePlanner : IRoutePlanner
{
    private readonly List<OptimizeToursRequest> _requests = [];

    public RpcException? Failure { get; set; }

    public IReadOnlyList<OptimizeToursRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public OptimizeToursResponse Plan(OptimizeToursRequest request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request.Clone());
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return Solution(request);
    }

    /// <summary>The answer <see cref="Plan"/> gives <paramref name="request"/>.</summary>
    public static OptimizeToursResponse Solution(OptimizeToursRequest request)
    {
        var response = new OptimizeToursResponse { RequestLabel = request.Label };
        var vehicles = request.Model?.Vehicles ?? [];
        for (var i = 0; i < vehicles.Count; i++)
        {
            response.Routes.Add(new ShipmentRoute { VehicleIndex = i, VehicleLabel = $"{request.Label}-{vehicles[i].Label}" });
        }

        return response;
    }
}
