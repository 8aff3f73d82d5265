using Google.Protobuf;
using Google.Rpc;
using Metadata = Grpc.Core.Metadata;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// What the server knows of one call beyond Grpc.Core's call context, on the
/// request's HttpContext: the protocol the client spoke (gRPC-Web's content
/// type is rewritten before the call runs), whether one of our handlers ran (so
/// that a call the library ended on its own still gets its log line and
/// metrics), the resource the request names and the status the call ended with.
/// A REST call also carries what the REST layer read from the request (its
/// deadline, the APIs of its route) and, once it ends, its status or response.
/// Handlers read it through <see cref="ServedCallExtensions"/>.
/// </summary>
internal sealed class ServedCallFeature(string protocol, bool holdsTrailers = false)
{
    public string Protocol { get; } = protocol;

    public bool HandlerRan { get; set; }

    /// <summary>
    /// True when the protocol writes a handler's trailing metadata its own way (Connect
    /// unary calls send it as prefixed headers, REST as headers): the trailers then wait in <see cref="Trailers"/>.
    /// </summary>
    public bool HoldsTrailers { get; } = holdsTrailers;

    public Metadata? Trailers { get; set; }

    /// <summary>A REST call's timeout (<c>X-Server-Timeout</c> or <c>grpc-timeout</c>), which the library does not read.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// When a REST call's <see cref="Timeout"/> runs out on the server's clock, fixed by the first
    /// context made for the call, so that the interceptors' time counts against the handler's.
    /// </summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>The APIs whose rules bind a REST call's route; null for the other protocols.</summary>
    public IReadOnlyList<string>? BindingApis { get; set; }

    /// <summary>The served method the call runs, once the outermost interceptor has looked it up.</summary>
    public ServedMethod? Method { get; set; }

    /// <summary>The resource the request names (its <c>name</c> or <c>parent</c>), once read; for logs.</summary>
    public string? ResourceName { get; set; }

    /// <summary>The status the call ended with, once it has ended; OK until then. Read by call observers.</summary>
    public Code StatusCode { get; set; }

    /// <summary>The status a handler ended with, details and all; set when it failed.</summary>
    public RpcStatus? Status { get; set; }

    /// <summary>The response a handler returned.</summary>
    public IMessage? Response { get; set; }
}
