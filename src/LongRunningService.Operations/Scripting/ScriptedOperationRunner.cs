using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Timing;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Scripting;

/// <summary>
/// Plays an <see cref="OperationScript"/> on the registry's clock: progress
/// updates spread over the duration, then the scripted outcome; or, when a
/// client cancels first, CANCELLED after the script's cancel delay, unless the
/// work finishes first or the script ignores cancellation.
/// </summary>
internal sealed partial class ScriptedOperationRunner(TimeProvider clock, ILogger<ScriptedOperationRunner> logger)
{
    public const string CancelledMessage = "Operation was cancelled.";

    private static readonly Any EmptyResponse = Any.Pack(new Empty());

    /// <summary>Initial metadata of an operation that starts now.</summary>
    public ScriptedOperationMetadata NewMetadata() => new()
    {
        CreateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
    };

    /// <summary>Runs the script in the background; a zero-length script completes before this returns.</summary>
    public void Run(OperationHandle handle, OperationScript script, ScriptedOperationMetadata metadata)
    {
        var duration = script.Duration?.ToTimeSpan() ?? TimeSpan.Zero;
        if (duration <= TimeSpan.Zero)
        {
            Finish(handle, script, metadata);
            return;
        }

        _ = RunAsync(handle, script, metadata, duration);
    }

    /// <summary>The outcome of a script, as the final state of an operation done at once.</summary>
    public static (Any? Response, RpcStatus? Error) Outcome(OperationScript script) =>
        script.OutcomeCase switch
        {
            OperationScript.OutcomeOneofCase.Error => (null, script.Error),
            OperationScript.OutcomeOneofCase.Response => (script.Response, null),
            _ => (EmptyResponse, null),
        };

    private async Task RunAsync(OperationHandle handle, OperationScript script, ScriptedOperationMetadata metadata, TimeSpan duration)
    {
        try
        {
            var start = clock.GetUtcNow();
            var end = start + duration;
            var cancel = handle.CancellationToken;
            using var noteCancel = cancel.Register(() => Publish(handle, metadata, m => m.CancelRequested = true));
            var slices = Math.Max(0, script.ProgressUpdates) + 1;
            for (var slice = 1; slice <= slices; slice++)
            {
                var due = start + (duration * slice / slices);
                var waitToken = script.IgnoreCancellation ? CancellationToken.None : cancel;
                if (!await clock.DelayUntilAsync(due, waitToken))
                {
                    await StopAsync(handle, script, metadata, end);
                    return;
                }

                if (slice < slices)
                {
                    var percent = (int)(100L * slice / slices);
                    Publish(handle, metadata, m => m.ProgressPercent = percent);
                }
            }

            Finish(handle, script, metadata);
        }
        catch (Exception exception)
        {
            Log.ScriptFailed(logger, handle.Name, exception);
            handle.TryFail(new RpcStatus { Code = (int)Google.Rpc.Code.Internal, Message = "The scripted operation failed inside the server." });
        }
    }

    // Cancellation won the race unless the work ends within the cancel delay.
    private async Task StopAsync(OperationHandle handle, OperationScript script, ScriptedOperationMetadata metadata, DateTimeOffset end)
    {
        var cancelDelay = script.CancelDelay?.ToTimeSpan() ?? TimeSpan.Zero;
        var stopAt = clock.GetUtcNow() + cancelDelay;
        if (end <= stopAt)
        {
            await clock.DelayUntilAsync(end, CancellationToken.None);
            Finish(handle, script, metadata);
            return;
        }

        await clock.DelayUntilAsync(stopAt, CancellationToken.None);
        var final = Stamp(metadata, m =>
        {
            m.CancelRequested = true;
            m.EndTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        });
        handle.TryFail(new RpcStatus { Code = (int)Google.Rpc.Code.Cancelled, Message = CancelledMessage }, Any.Pack(final));
    }

    private void Finish(OperationHandle handle, OperationScript script, ScriptedOperationMetadata metadata)
    {
        var final = Stamp(metadata, m =>
        {
            m.ProgressPercent = 100;
            m.EndTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        });
        var (response, error) = Outcome(script);
        if (error is not null)
        {
            handle.TryFail(error, Any.Pack(final));
        }
        else
        {
            handle.TrySucceed(response!, Any.Pack(final));
        }
    }

    // Metadata messages are replaced, never changed in place, because readers may hold the last one.
    private ScriptedOperationMetadata Stamp(ScriptedOperationMetadata metadata, Action<ScriptedOperationMetadata> change)
    {
        lock (metadata)
        {
            change(metadata);
            metadata.UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
            return metadata.Clone();
        }
    }

    private void Publish(OperationHandle handle, ScriptedOperationMetadata metadata, Action<ScriptedOperationMetadata> change) =>
        handle.UpdateMetadata(Any.Pack(Stamp(metadata, change)));

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Error, "Scripted operation {Name} failed")]
        public static partial void ScriptFailed(ILogger logger, string name, Exception exception);
    }
}
