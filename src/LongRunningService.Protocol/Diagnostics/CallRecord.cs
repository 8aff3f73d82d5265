using Google.Rpc;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>What is known of one call once it has ended, on any transport, for logs and metrics.</summary>
/// <param name="Protocol">The wire protocol: <c>grpc</c>, <c>grpc-web</c>, <c>rest</c> or <c>connect</c>.</param>
/// <param name="Method">The full method path, or the request path when no method was found.</param>
/// <param name="Status">The status the call ended with.</param>
/// <param name="Duration">Time from the call's start to its status being written.</param>
/// <param name="PeerSource">Where the client's address is read from, only when a log line needs it.</param>
/// <param name="ResourceName">The resource the request names, or null when it names none.</param>
/// <param name="MethodFound">False when the request reached no method, so <paramref name="Method"/> is whatever path the client sent.</param>
/// <param name="Refused">True when the call ended before any handler ran (no route, no token, a request the protocol layer could not read).</param>
internal readonly record struct CallRecord(
    string Protocol,
    string Method,
    Code Status,
    TimeSpan Duration,
    CallPeer PeerSource,
    string? ResourceName,
    bool MethodFound = true,
    bool Refused = false)
{
    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50312</c>.</summary>
    public string Peer => PeerSource.Describe();
}
