using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>An HTTP binding that several methods declare, and the one an arbiter let answer it.</summary>
internal sealed record RestSharedRoute(string HttpMethod, string Template, MethodDescriptor Winner, MethodDescriptor Loser)
{
    public override string ToString() => $"{HttpMethod} {Template} -> {Winner.Service.FullName} (not {Loser.Service.FullName})";
}
