using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// The outermost interceptor of every unary call, on every protocol: hands the
/// inner interceptors and the handler our call context (deadline on the server's
/// clock, a token that also fires at shutdown) and notes the resource the request
/// names; when an interceptor ends the call before or without the handler, gives
/// the call the status, log line and report a handler's failure gets. Streaming
/// calls pass untouched.
/// </summary>
internal sealed class ServedCallInterceptor(GrpcServerRuntime runtime, GrpcMethodTable methods) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var call = new ServedCallContext(context, runtime);
        if (request is IMessage message)
        {
            call.Feature.ResourceName = RequestResource.Describe(message);
        }

        // Looked up once here; the inner interceptors read it from the call.
        if (methods.TryGetHandler(call.Method, out var served))
        {
            call.Feature.Method = served;
        }

        Task<TResponse> work;
        try
        {
            work = continuation(request, call);
        }
        catch (Exception exception)
        {
            work = Task.FromException<TResponse>(exception);
        }

        // Most calls are answered at once: they need no state machine of their own.
        if (work.IsCompletedSuccessfully)
        {
            call.Dispose();
            return work;
        }

        return AwaitAsync(work, call, startedAt);
    }

    private async Task<TResponse> AwaitAsync<TResponse>(Task<TResponse> work, ServedCallContext call, long startedAt)
    {
        try
        {
            return await work;
        }
        catch (Exception exception) when (!call.Feature.HandlerRan && call.Feature.Method is { } method)
        {
            throw method.Refuse(call, exception, startedAt);
        }
        finally
        {
            call.Dispose();
        }
    }
}
