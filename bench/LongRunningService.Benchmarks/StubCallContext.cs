using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Benchmarks;

/// <summary>A call context for invoking service handlers directly, without HTTP.</summary>
internal sealed class StubCallContext(string method) : ServerCallContext
{
    public override string Method { get; } = method;

    public override string Protocol => "bench";

    public override DateTimeOffset? Deadline => null;

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override Metadata RequestHeaders { get; } = [];

    public override Metadata ResponseHeaders { get; } = [];

    public override Metadata ResponseTrailers { get; } = [];

    public override string Peer => "bench";
}
