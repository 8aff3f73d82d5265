using LongRunningService.Protocol.Diagnostics;
using Microsoft.AspNetCore.Http;
using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// A gRPC or gRPC-Web call that Grpc.AspNetCore serves, as our handlers see a
/// call: the library owns framing, deadline and cancellation; this context
/// reads them from it, measures the deadline on the server's clock, and lets
/// the call also end when the server shuts down.
/// </summary>
internal sealed class ServedCallContext : ServerCallContext, IDisposable
{
    private static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(365 * 100);

    private readonly LibraryContext _library;
    private readonly HttpContext _http;
    private readonly GrpcServerRuntime _runtime;
    private readonly ServedCallFeature? _feature;
    private CancellationTokenSource? _linked;
    private CancellationTokenSource? _deadline;
    private Metadata? _requestHeaders;
    private Metadata? _responseHeaders;
    private Metadata? _responseTrailers;

    /// <param name="handlerRuns">False for the context the interceptors see, made before the handler is known to run.</param>
    public ServedCallContext(LibraryContext library, string method, GrpcServerRuntime runtime, bool handlerRuns = true)
    {
        _library = library;
        _http = global::Grpc.Core.ServerCallContextExtensions.GetHttpContext(library);
        _runtime = runtime;
        Method = method;
        var feature = _feature = _http.Features.Get<ServedCallFeature>();
        if (feature is not null && handlerRuns)
        {
            feature.HandlerRan = true;
        }

        Protocol = feature?.Protocol ?? "grpc";
        if (feature?.Timeout is { } timeout)
        {
            // JSON transcoding keeps no deadline: a REST call's is kept here, on the server's clock,
            // from the first context made for the call.
            var now = runtime.TimeProvider.GetUtcNow();
            var deadline = feature.DeadlineAt ??= now + timeout;
            var remaining = deadline - now;
            _deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, runtime.TimeProvider);
            Deadline = deadline;
        }
        else
        {
            Deadline = DeadlineOf(library, runtime.TimeProvider);
        }
    }

    public override string Method { get; }

    public override string Protocol { get; }

    public override DateTimeOffset? Deadline { get; }

    public override CancellationToken CancellationToken => (_linked ??= _deadline is null
        ? CancellationTokenSource.CreateLinkedTokenSource(_library.CancellationToken, _runtime.ShutdownToken)
        : CancellationTokenSource.CreateLinkedTokenSource(_library.CancellationToken, _runtime.ShutdownToken, _deadline.Token)).Token;

    /// <summary>Fires at a REST call's deadline; none for the protocols the library keeps the deadline of.</summary>
    public CancellationToken DeadlineToken => _deadline?.Token ?? CancellationToken.None;

    public override IReadOnlyList<string>? BindingApis => _feature?.BindingApis;

    /// <summary>The call's feature, for what its protocol keeps beyond the call (a REST call's status and response).</summary>
    public ServedCallFeature? Feature => _feature;

    public override Metadata RequestHeaders => _requestHeaders ??= GrpcMetadataConverter.FromRequestHeaders(_http.Request.Headers);

    public override Metadata ResponseHeaders => _responseHeaders ??= [];

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override string Peer => GrpcPeer.Describe(_http.Connection);

    /// <summary>True when the client went away before the call ended.</summary>
    public bool ClientLeft => _http.RequestAborted.IsCancellationRequested;

    public bool ShuttingDown => _runtime.ShutdownToken.IsCancellationRequested;

    /// <summary>True once the deadline the library keeps has passed.</summary>
    public bool DeadlinePassed => _deadline?.IsCancellationRequested ?? (_library.Deadline != DateTime.MaxValue && DateTime.UtcNow >= _library.Deadline);

    public override string? GetRequestHeader(string name)
    {
        var values = _http.Request.Headers[name];
        return values.Count > 0 ? values[0] : null;
    }

    /// <summary>Sends the response headers a handler set, before its first message.</summary>
    public Task FlushResponseHeadersAsync()
    {
        // After the deadline the library has answered already, and headers can no longer go out.
        if (_responseHeaders is not { Count: > 0 } headers || _http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        _responseHeaders = [];
        return _library.WriteResponseHeadersAsync(ServedMetadata.ToLibrary(headers));
    }

    /// <summary>Moves the trailers a handler set onto the library's call.</summary>
    public void CopyTrailers()
    {
        if (_responseTrailers is { Count: > 0 } trailers)
        {
            if (_feature is { HoldsTrailers: true })
            {
                _feature.Trailers = trailers;
            }
            else
            {
                ServedMetadata.CopyTo(trailers, _library.ResponseTrailers);
            }
        }
    }

    /// <summary>
    /// Fires the handler's token now, at a deadline this context keeps: its own registration on the
    /// deadline may not have run yet when the call ends and this context is disposed.
    /// </summary>
    public void CancelHandler() => _linked?.Cancel();

    public void Dispose()
    {
        _linked?.Dispose();
        _deadline?.Dispose();
    }

    // The library keeps the deadline on the wall clock, from the call's arrival; handlers compare it with
    // the server's clock, so what remains of it is carried over. One too far out to matter is no deadline.
    private static DateTimeOffset? DeadlineOf(LibraryContext library, TimeProvider clock)
    {
        if (library.Deadline == DateTime.MaxValue)
        {
            return null;
        }

        var remaining = library.Deadline - DateTime.UtcNow;
        var now = clock.GetUtcNow();
        return remaining < MaxDeadline && remaining < DateTimeOffset.MaxValue - now ? now + remaining : null;
    }
}
