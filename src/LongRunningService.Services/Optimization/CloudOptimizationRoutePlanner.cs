using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using CloudRequest = Google.Cloud.Optimization.V1.OptimizeToursRequest;
using RouteRequest = Google.Maps.RouteOptimization.V1.OptimizeToursRequest;
using RouteResponse = Google.Maps.RouteOptimization.V1.OptimizeToursResponse;
using RouteSolvingMode = Google.Maps.RouteOptimization.V1.OptimizeToursRequest.Types.SolvingMode;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Route Optimization's planner: its messages repeat Cloud Optimization's with
/// the same names and numbers, so a request is read as Cloud Optimization's
/// from its bytes, planned by <see cref="CloudOptimizationTours"/> (the same
/// validation, limits and field paths), and the answer read back the same way.
/// What only Route Optimization has is refused with UNIMPLEMENTED, not ignored.
/// </summary>
internal sealed class CloudOptimizationRoutePlanner : IRoutePlanner
{
    private static readonly MessageParser<CloudRequest> KeepingUnknown = CloudRequest.Parser;
    private static readonly MessageParser<CloudRequest> DroppingUnknown = CloudRequest.Parser.WithDiscardUnknownFields(true);

    public RouteResponse Plan(RouteRequest request, CancellationToken cancellationToken)
    {
        if (request.SolvingMode == RouteSolvingMode.TransformAndReturnRequest)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unimplemented, "The field `solving_mode` TRANSFORM_AND_RETURN_REQUEST is not supported by this server's planner."));
        }

        var bytes = request.ToByteString();
        var cloud = KeepingUnknown.ParseFrom(bytes);
        if (DroppingUnknown.ParseFrom(bytes).CalculateSize() != cloud.CalculateSize())
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unimplemented, "The request uses fields of Route Optimization that this server's planner does not support."));
        }

        return RouteResponse.Parser.ParseFrom(CloudOptimizationTours.Optimize(cloud, cancellationToken).ToByteString());
    }
}
