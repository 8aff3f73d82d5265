namespace LongRunningService.Hosting;

/// <summary>
/// Routing builds its matcher over every endpoint on the first request it sees. Once the request
/// pipeline is built (before the server listens), a request made here runs through it on the thread
/// pool as far as routing, so the matcher is ready, or nearly, when the first client's call arrives;
/// that call waits for the same matcher if it comes sooner. The request goes no further than routing:
/// no handler, log line or metric sees it.
/// </summary>
internal sealed class RoutingWarmUp
{
    private readonly HttpContext _request = new DefaultHttpContext();

    /// <summary>First in the pipeline: starts the request through the rest of it when the pipeline is built.</summary>
    public RequestDelegate Start(RequestDelegate next)
    {
        _request.Request.Method = HttpMethods.Get;
        _request.Request.Path = "/";
        _ = Task.Run(async () =>
        {
            try
            {
                await next(_request);
            }
            catch (Exception)
            {
                // Routing that cannot be built fails the clients' calls as well, which report it.
            }
        });
        return next;
    }

    /// <summary>Right after routing: the warm-up request stops here.</summary>
    public RequestDelegate Stop(RequestDelegate next) =>
        context => ReferenceEquals(context, _request) ? Task.CompletedTask : next(context);
}
