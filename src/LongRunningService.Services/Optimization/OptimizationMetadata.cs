using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using CloudOptimization = Google.Cloud.Optimization.V1;
using RouteOptimization = Google.Maps.RouteOptimization.V1;
using State = Google.Cloud.Optimization.V1.AsyncModelMetadata.Types.State;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// The metadata an optimization operation carries, built for a phase from its
/// creation and last update times. Each has a key, which the operation's
/// recorded work names, so a restarted server builds the same metadata.
/// </summary>
internal sealed record OptimizationMetadata(string Key, Func<OptimizationPhase, Timestamp, Timestamp, Any> Build)
{
    /// <summary>Cloud Optimization's <c>AsyncModelMetadata</c>: the phase as its state, with the times.</summary>
    public static readonly OptimizationMetadata AsyncModel = new("cloud-async-model", (phase, created, updated) => Any.Pack(new CloudOptimization.AsyncModelMetadata
    {
        State = phase switch
        {
            OptimizationPhase.Running => State.Running,
            OptimizationPhase.Succeeded => State.Succeeded,
            OptimizationPhase.Cancelled => State.Cancelled,
            _ => State.Failed,
        },
        CreateTime = created,
        UpdateTime = updated,
    }));

    /// <summary>Route Optimization's BatchOptimizeTours: an empty <c>BatchOptimizeToursMetadata</c>.</summary>
    public static readonly OptimizationMetadata RouteBatch = Fixed("route-batch", new RouteOptimization.BatchOptimizeToursMetadata());

    /// <summary>Route Optimization's OptimizeToursLongRunning: an empty <c>OptimizeToursLongRunningMetadata</c>.</summary>
    public static readonly OptimizationMetadata RouteLongRunning = Fixed("route-long-running", new RouteOptimization.OptimizeToursLongRunningMetadata());

    /// <summary>Route Optimization's OptimizeToursUri: an empty <c>OptimizeToursUriMetadata</c>.</summary>
    public static readonly OptimizationMetadata RouteUri = Fixed("route-uri", new RouteOptimization.OptimizeToursUriMetadata());

    private static readonly OptimizationMetadata[] All = [AsyncModel, RouteBatch, RouteLongRunning, RouteUri];

    /// <summary>The metadata of <paramref name="key"/>, or null for a key this server does not know.</summary>
    public static OptimizationMetadata? Find(string key) => Array.Find(All, m => m.Key == key);

    private static OptimizationMetadata Fixed(string key, IMessage metadata)
    {
        var packed = Any.Pack(metadata);
        return new(key, (_, _, _) => packed);
    }
}
