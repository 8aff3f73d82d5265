namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// What a handler knows of the call it serves, whatever the transport: the
/// method, the deadline, a token that fires on deadline, client cancellation or
/// server shutdown, the request metadata, and response metadata to send.
/// Handlers never see HTTP.
/// </summary>
internal abstract class ServerCallContext
{
    /// <summary>The full method path, e.g. <c>/google.longrunning.Operations/GetOperation</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The wire protocol: <c>grpc</c>, <c>grpc-web</c>, <c>connect</c> or <c>rest</c>.</summary>
    public abstract string Protocol { get; }

    /// <summary>The client's deadline, or null when it set none.</summary>
    public abstract DateTimeOffset? Deadline { get; }

    /// <summary>Fires when the deadline passes, the client cancels or the server shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Custom request metadata (reserved protocol headers left out).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Metadata sent with the response headers; editable until the first message is sent.</summary>
    public abstract Metadata ResponseHeaders { get; }

    /// <summary>Metadata sent with the status at the end of the call.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50312</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The status the call ended with, once it has ended; OK until then. Read by call observers.</summary>
    public Google.Rpc.Code StatusCode { get; internal set; }

    /// <summary>The resource the request names (its <c>name</c> or <c>parent</c>), once read; for logs.</summary>
    public string? ResourceName { get; internal set; }

    /// <summary>
    /// The APIs whose HTTP rules bind the REST route that carried this call
    /// (service names such as <c>aiplatform.googleapis.com</c>); null over gRPC,
    /// gRPC-Web and Connect, which name the service instead. Empty when no API claims the route.
    /// </summary>
    public virtual IReadOnlyList<string>? BindingApis => null;

    /// <summary>One request header's first value, or null; cheaper than <see cref="RequestHeaders"/> for a single look-up.</summary>
    public virtual string? GetRequestHeader(string name) => RequestHeaders.GetValue(name);
}
