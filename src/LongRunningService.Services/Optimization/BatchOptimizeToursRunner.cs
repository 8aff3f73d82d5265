using Google.Cloud.Optimization.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Operations.Registry;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;
using State = Google.Cloud.Optimization.V1.AsyncModelMetadata.Types.State;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// The lifecycle of a BatchOptimizeTours operation, not the solver: RUNNING
/// for a fixed time on the injected clock, then SUCCEEDED with an empty
/// <see cref="BatchOptimizeToursResponse"/> (the real results go to the
/// output_config destinations, which we do not write). A cancellation ends it
/// CANCELLED at once unless the work finished first.
/// </summary>
internal sealed partial class BatchOptimizeToursRunner(TimeProvider clock, TimeSpan duration, ILogger logger)
{
    public const string CancelledMessage = "Operation was cancelled.";

    private static readonly Any EmptyResponse = Any.Pack(new BatchOptimizeToursResponse());

    /// <summary>The creation time of an operation that starts now.</summary>
    public Timestamp Now() => Timestamp.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Metadata in <paramref name="state"/>, last updated now.</summary>
    public Any Metadata(State state, Timestamp createTime) => Any.Pack(new AsyncModelMetadata
    {
        State = state,
        CreateTime = createTime,
        UpdateTime = Now(),
    });

    /// <summary>Runs the operation in the background; with no duration it is done before this returns.</summary>
    public void Run(OperationHandle handle, Timestamp createTime)
    {
        if (duration <= TimeSpan.Zero)
        {
            handle.TrySucceed(EmptyResponse, Metadata(State.Succeeded, createTime));
            return;
        }

        _ = RunAsync(handle, createTime);
    }

    private async Task RunAsync(OperationHandle handle, Timestamp createTime)
    {
        try
        {
            try
            {
                await Task.Delay(duration, clock, handle.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Whichever completes first wins: a result published before the cancellation is kept.
                handle.TryFail(new RpcStatus { Code = (int)Code.Cancelled, Message = CancelledMessage }, Metadata(State.Cancelled, createTime));
                return;
            }

            handle.TrySucceed(EmptyResponse, Metadata(State.Succeeded, createTime));
        }
        catch (Exception exception)
        {
            Log.BatchFailed(logger, handle.Name, exception);
            handle.TryFail(
                new RpcStatus { Code = (int)Code.Internal, Message = "The emulated optimization failed inside the server." },
                Metadata(State.Failed, createTime));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "BatchOptimizeTours operation {Name} failed")]
        public static partial void BatchFailed(ILogger logger, string name, Exception exception);
    }
}
