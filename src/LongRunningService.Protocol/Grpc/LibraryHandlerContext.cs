using LongRunningService.Protocol.Grpc.Served;
using LibraryAuthContext = global::Grpc.Core.AuthContext;
using LibraryContext = global::Grpc.Core.ServerCallContext;
using LibraryMetadata = global::Grpc.Core.Metadata;
using LibraryStatus = global::Grpc.Core.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Our call, as the service implementations of gRPC's own packages (reflection,
/// health) expect to see it: Grpc.Core's call context over ours, with the
/// cancellation the caller chooses. Response headers go out through our call,
/// before its first message.
/// </summary>
internal sealed class LibraryHandlerContext(ServerCallContext call, CancellationToken cancellationToken) : LibraryContext
{
    private static readonly LibraryAuthContext Anonymous = new(null, new Dictionary<string, List<global::Grpc.Core.AuthProperty>>());

    private LibraryMetadata? _requestHeaders;
    private LibraryMetadata? _responseTrailers;

    protected override string MethodCore => call.Method;

    protected override string HostCore => call.GetRequestHeader("host") ?? string.Empty; // HTTP/2's :authority, as ASP.NET Core names it

    protected override string PeerCore => call.Peer;

    protected override DateTime DeadlineCore => call.Deadline?.UtcDateTime ?? DateTime.MaxValue;

    protected override LibraryMetadata RequestHeadersCore => _requestHeaders ??= ServedMetadata.ToLibrary(call.RequestHeaders);

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override LibraryMetadata ResponseTrailersCore => _responseTrailers ??= [];

    protected override LibraryStatus StatusCore { get; set; }

    protected override global::Grpc.Core.WriteOptions? WriteOptionsCore { get; set; }

    protected override LibraryAuthContext AuthContextCore => Anonymous;

    protected override global::Grpc.Core.ContextPropagationToken CreatePropagationTokenCore(global::Grpc.Core.ContextPropagationOptions? options) =>
        throw new NotSupportedException("Calls made from a handler do not inherit its deadline or cancellation here.");

    protected override Task WriteResponseHeadersAsyncCore(LibraryMetadata responseHeaders)
    {
        foreach (var entry in responseHeaders)
        {
            if (entry.IsBinary)
            {
                call.ResponseHeaders.Add(entry.Key, entry.ValueBytes);
            }
            else
            {
                call.ResponseHeaders.Add(entry.Key, entry.Value);
            }
        }

        return Task.CompletedTask;
    }
}
