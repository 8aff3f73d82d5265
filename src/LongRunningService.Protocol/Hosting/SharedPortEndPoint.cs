using System.Net;

namespace LongRunningService.Protocol.Hosting;

/// <summary>
/// A Kestrel endpoint that stands for one lane of a <see cref="SharedPort"/>.
/// Kestrel binds one per lane, each with its own HTTP protocol setting, and
/// <see cref="SharedPortTransportFactory"/> serves both from one socket.
/// </summary>
internal sealed class SharedPortEndPoint(SharedPort port, SharedPortLane lane) : EndPoint
{
    public SharedPort Port { get; } = port;

    public SharedPortLane Lane { get; } = lane;

    public override string ToString() => $"{Port.BoundEndPoint ?? Port.RequestedEndPoint} ({Lane})";
}
