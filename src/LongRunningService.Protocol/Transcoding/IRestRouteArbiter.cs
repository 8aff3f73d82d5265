using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Decides which of two methods answers an HTTP binding both declare, as when
/// two APIs that Google serves on separate hosts bind the same paths here on
/// one port. Asked once per shared binding, at start-up.
/// </summary>
internal interface IRestRouteArbiter
{
    /// <summary>
    /// The method that answers <paramref name="httpMethod"/> <paramref name="template"/>,
    /// one of <paramref name="first"/> and <paramref name="second"/>; null when this
    /// arbiter has no say, which leaves the conflict to stop start-up.
    /// </summary>
    MethodDescriptor? Choose(string httpMethod, string template, MethodDescriptor first, MethodDescriptor second);
}
