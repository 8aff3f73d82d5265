using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Security;
using Microsoft.AspNetCore.Http;
using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// The outermost interceptor of every unary call, on every protocol: makes the
/// call context the inner interceptors read (protocol, deadline on the server's
/// clock, request headers, resource), and when one of them ends the call before
/// or without the handler, gives the call the status, log line and report a
/// handler's failure gets. Streaming calls pass untouched.
/// </summary>
internal sealed class ServedCallInterceptor(GrpcServerRuntime runtime) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, LibraryContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var http = context.GetHttpContext();
        if (http.Features.Get<ServedCallFeature>() is null)
        {
            http.Features.Set(new ServedCallFeature(RequestProtocol.Grpc));
        }

        var call = new ServedCallContext(context, context.Method, runtime, handlerRuns: false);
        if (request is IMessage message)
        {
            call.ResourceName = RequestResource.Describe(message);
        }

        http.Features.Set(call);
        Task<TResponse> work;
        try
        {
            work = continuation(request, context);
        }
        catch (Exception exception)
        {
            work = Task.FromException<TResponse>(exception);
        }

        // Most calls are answered at once: they need no state machine of their own.
        if (work.IsCompletedSuccessfully)
        {
            End(http, call);
            return work;
        }

        return AwaitAsync(work, http, call, context, startedAt);
    }

    private async Task<TResponse> AwaitAsync<TResponse>(Task<TResponse> work, HttpContext http, ServedCallContext call, LibraryContext context, long startedAt)
    {
        try
        {
            return await work;
        }
        catch (Exception exception) when (call.Feature is { HandlerRan: false })
        {
            throw new ServedCall(context.Method, runtime, unary: true).Refuse(call, exception, startedAt);
        }
        finally
        {
            End(http, call);
        }
    }

    private static void End(HttpContext http, ServedCallContext call)
    {
        http.Features.Set<ServedCallContext>(null);
        call.Dispose();
    }

    /// <summary>The context of the unary call under way, for the interceptors inside this one.</summary>
    public static ServedCallContext? CallOf(LibraryContext context) =>
        context.GetHttpContext().Features.Get<ServedCallContext>();
}
