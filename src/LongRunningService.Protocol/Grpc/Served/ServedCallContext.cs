using LongRunningService.Protocol.Security;
using Microsoft.AspNetCore.Http;
using Grpc.Core;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Grpc.Core's call context as our handlers get it, over the one the library
/// made: everything is the library's but the deadline, measured on the server's
/// clock (a REST call's too, which the library does not keep), and the
/// cancellation token, which also fires at that deadline and when the server
/// shuts down. Trailers a protocol writes its own way wait in the call's
/// <see cref="ServedCallFeature"/>, where the rest of what the server knows of the call is.
/// </summary>
internal sealed class ServedCallContext : ServerCallContext, IDisposable
{
    private static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(365 * 100);

    // The key under which Grpc.AspNetCore's GetHttpContext looks in a context's user state.
    private const string HttpContextKey = "__HttpContext";

    private readonly ServerCallContext _library;
    private readonly GrpcServerRuntime _runtime;
    private readonly CancellationToken? _cancellation;
    private readonly DateTime _deadline;
    private readonly CancellationTokenSource? _deadlineSource;
    private CancellationTokenSource? _linked;
    private UserStateView? _userState;

    public ServedCallContext(ServerCallContext library, GrpcServerRuntime runtime)
    {
        _library = library;
        _runtime = runtime;
        Http = library.GetHttpContext();
        var feature = Http.Features.Get<ServedCallFeature>();
        if (feature is null)
        {
            feature = new ServedCallFeature(RequestProtocol.Grpc);
            Http.Features.Set(feature);
        }

        Feature = feature;
        if (feature.Timeout is { } timeout)
        {
            // JSON transcoding keeps no deadline: a REST call's is kept here, on the server's clock,
            // from the first context made for the call.
            var now = runtime.TimeProvider.GetUtcNow();
            var deadline = feature.DeadlineAt ??= now + timeout;
            var remaining = deadline - now;
            _deadlineSource = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, runtime.TimeProvider);
            _deadline = deadline.UtcDateTime;
        }
        else
        {
            _deadline = DeadlineOf(library, runtime.TimeProvider);
        }
    }

    // The same call, with another cancellation token.
    private ServedCallContext(ServedCallContext call, CancellationToken cancellation)
    {
        _library = call._library;
        _runtime = call._runtime;
        Http = call.Http;
        Feature = call.Feature;
        _deadline = call._deadline;
        _cancellation = cancellation;
    }

    /// <summary>The call's HTTP request.</summary>
    public HttpContext Http { get; }

    /// <summary>What the server knows of the call beyond this context.</summary>
    public ServedCallFeature Feature { get; }

    /// <summary>Fires at a REST call's deadline; none for the protocols the library keeps the deadline of.</summary>
    public CancellationToken DeadlineToken => _deadlineSource?.Token ?? CancellationToken.None;

    /// <summary>True when the client went away before the call ended.</summary>
    public bool ClientLeft => Http.RequestAborted.IsCancellationRequested;

    public bool ShuttingDown => _runtime.ShutdownToken.IsCancellationRequested;

    /// <summary>True once the call's deadline has passed.</summary>
    public bool DeadlinePassed => _deadlineSource?.IsCancellationRequested ?? (_library.Deadline != DateTime.MaxValue && DateTime.UtcNow >= _library.Deadline);

    protected override string MethodCore => _library.Method;

    protected override string HostCore => _library.Host;

    protected override string PeerCore => _library.Peer;

    protected override DateTime DeadlineCore => _deadline;

    protected override Metadata RequestHeadersCore => _library.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => _cancellation ?? (_linked ??= _deadlineSource is null
        ? CancellationTokenSource.CreateLinkedTokenSource(_library.CancellationToken, _runtime.ShutdownToken)
        : CancellationTokenSource.CreateLinkedTokenSource(_library.CancellationToken, _runtime.ShutdownToken, _deadlineSource.Token)).Token;

    protected override Metadata ResponseTrailersCore => Feature.HoldsTrailers ? Feature.Trailers ??= [] : _library.ResponseTrailers;

    protected override Status StatusCore
    {
        get => _library.Status;
        set => _library.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => _library.WriteOptions;
        set => _library.WriteOptions = value;
    }

    protected override AuthContext AuthContextCore => _library.AuthContext;

    // The library's state, where its own code finds the HttpContext of a context it did not make (its
    // interceptor pipeline asks on every step): answered without making the state, which is HttpContext.Items.
    protected override IDictionary<object, object> UserStateCore => _userState ??= new UserStateView(this);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        _library.CreatePropagationToken(options);

    // After the deadline the library has answered already, and headers can no longer go out.
    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) =>
        Http.Response.HasStarted ? Task.CompletedTask : _library.WriteResponseHeadersAsync(responseHeaders);

    /// <summary>This call with <paramref name="cancellation"/> as its token, for code that ends on the token alone.</summary>
    public ServedCallContext WithCancellation(CancellationToken cancellation) => new(this, cancellation);

    /// <summary>
    /// Fires the handler's token now, at a deadline this context keeps: its own registration on the
    /// deadline may not have run yet when the call ends and this context is disposed.
    /// </summary>
    public void CancelHandler() => _linked?.Cancel();

    public void Dispose()
    {
        _linked?.Dispose();
        _deadlineSource?.Dispose();
    }

    // The library keeps the deadline on the wall clock, from the call's arrival; handlers compare it with
    // the server's clock, so what remains of it is carried over. One too far out to matter is no deadline.
    private static DateTime DeadlineOf(ServerCallContext library, TimeProvider clock)
    {
        if (library.Deadline == DateTime.MaxValue)
        {
            return DateTime.MaxValue;
        }

        var remaining = library.Deadline - DateTime.UtcNow;
        var now = clock.GetUtcNow();
        return remaining < MaxDeadline && remaining < DateTimeOffset.MaxValue - now ? (now + remaining).UtcDateTime : DateTime.MaxValue;
    }

    /// <summary>The library's user state, with the call's HttpContext under the key the library looks for.</summary>
    private sealed class UserStateView(ServedCallContext call) : IDictionary<object, object>
    {
        private IDictionary<object, object> State => call._library.UserState;

        public object this[object key]
        {
            get => IsContextKey(key) ? call.Http : State[key];
            set => State[key] = value;
        }

        public ICollection<object> Keys => State.Keys;

        public ICollection<object> Values => State.Values;

        public int Count => State.Count;

        public bool IsReadOnly => false;

        public bool TryGetValue(object key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
        {
            if (IsContextKey(key))
            {
                value = call.Http;
                return true;
            }

            return State.TryGetValue(key, out value);
        }

        public bool ContainsKey(object key) => IsContextKey(key) || State.ContainsKey(key);

        public void Add(object key, object value) => State.Add(key, value);

        public void Add(KeyValuePair<object, object> item) => State.Add(item);

        public bool Remove(object key) => State.Remove(key);

        public bool Remove(KeyValuePair<object, object> item) => State.Remove(item);

        public void Clear() => State.Clear();

        public bool Contains(KeyValuePair<object, object> item) => State.Contains(item);

        public void CopyTo(KeyValuePair<object, object>[] array, int arrayIndex) => State.CopyTo(array, arrayIndex);

        public IEnumerator<KeyValuePair<object, object>> GetEnumerator() => State.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static bool IsContextKey(object key) => key is string text && text == HttpContextKey;
    }
}
