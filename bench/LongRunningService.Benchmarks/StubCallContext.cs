using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Benchmarks;

/// <summary>A call context for invoking service handlers directly, without a server: an HttpContext of its own, no deadline.</summary>
internal sealed class StubCallContext(string method) : ServerCallContext
{
    private readonly Dictionary<object, object> _state = new() { ["__HttpContext"] = new DefaultHttpContext() };

    protected override string MethodCore { get; } = method;

    protected override string HostCore => "bench";

    protected override string PeerCore => "bench";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => _state;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
