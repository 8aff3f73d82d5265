using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Diagnostics;
using Grpc.AspNetCore.Server.Model;
using LongRunningService.Protocol.Grpc.Served;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>
/// The steps every call takes: set up the call context, run the call type's
/// <see cref="HandleCallAsyncCore"/>, enforce the deadline even on handlers that
/// ignore their token, and send every failure through the one error funnel.
/// </summary>
internal abstract class ServerCallHandler(MethodDescriptor method, GrpcServerRuntime runtime)
{
    private ServedCall? _served;

    public MethodDescriptor Method { get; } = method;

    public string Path { get; } = $"/{method.Service.FullName}/{method.Name}";

    protected GrpcServerRuntime Runtime { get; } = runtime;

    /// <summary>
    /// Runs a unary method on an already decoded request, for transports other
    /// than gRPC over HTTP/2 (REST, gRPC-Web, Connect). Null for streaming methods.
    /// </summary>
    public virtual Func<IMessage, ServerCallContext, Task<IMessage>>? UnaryInvoker => null;

    public async Task HandleCallAsync(HttpContext http)
    {
        var startedAt = Stopwatch.GetTimestamp();
        using var call = new GrpcServerCallContext(http, Path, Runtime);
        try
        {
            call.Initialize(Method.IsClientStreaming);
            var work = HandleCallAsyncCore(call);
            var deadline = call.DeadlineToken;
            if (deadline.CanBeCanceled && !work.IsCompleted)
            {
                try
                {
                    await work.WaitAsync(deadline);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !work.IsCompleted)
                {
                    // The handler outlived the deadline: answer now, tell it to stop, and let it finish unobserved.
                    call.CancelHandler();
                    _ = work.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                    throw GrpcProtocolErrors.DeadlineExceeded();
                }
            }
            else
            {
                await work;
            }

            call.Complete();
        }
        catch (Exception exception)
        {
            call.ProcessError(exception);
        }

        Runtime.Observers.CallEnded(call, startedAt);
    }

    protected abstract Task HandleCallAsyncCore(GrpcServerCallContext call);

    /// <summary>Adds this method to the methods Grpc.AspNetCore serves over gRPC and gRPC-Web.</summary>
    public abstract void AddTo(ServiceMethodProviderContext<ServedMethods> context);

    /// <summary>Runs the handler of a call the library serves, through our call context.</summary>
    protected ServedCall Served => _served ??= new ServedCall(Path, Runtime);

    /// <summary>Reads one request message and notes the resource it names, for the call's log line.</summary>
    protected async Task<TRequest> ReadRequestAsync<TRequest>(GrpcServerCallContext call)
        where TRequest : class, IMessage<TRequest>
    {
        var request = (TRequest)await CreateReader(call).ReadSingleAsync(Method.InputType, call.ReadToken);
        call.ResourceName = RequestResource.Describe(request);
        return request;
    }

    protected GrpcMessageReader CreateReader(GrpcServerCallContext call) =>
        new(call.RequestBody, Runtime.Options.MaxReceiveMessageSize, call.RequestIsGzip, call.PayloadCodec);
}
