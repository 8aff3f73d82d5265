using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using Microsoft.Extensions.Logging;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Scripting;

/// <summary>
/// Plays an <see cref="OperationScript"/> on the registry's clock: progress
/// updates spread over the duration, then the scripted outcome; or, when a
/// client cancels first, CANCELLED after the script's cancel delay, unless the
/// work finishes first or the script ignores cancellation.
/// </summary>
internal sealed partial class ScriptedOperationRunner(TimeProvider clock, ILogger<ScriptedOperationRunner> logger) : IOperationResumer
{
    public const string CancelledMessage = "Operation was cancelled.";

    /// <summary>The work kind of scripted operations: the script, timed from the operation's creation.</summary>
    public const string WorkKind = "scripted";

    public string Kind => WorkKind;

    /// <summary>What a store records of a scripted operation's work, to resume it after a restart.</summary>
    public static OperationWork Work(OperationScript script, DateTimeOffset created) => new(WorkKind, script.ToByteString(), created);

    public void Resume(OperationHandle handle, OperationWork work)
    {
        OperationScript script;
        try
        {
            script = OperationScript.Parser.ParseFrom(work.Payload);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new FormatException(exception.Message, exception);
        }

        Run(handle, script, work.StartedAt);
    }

    private static readonly Any EmptyResponse = Any.Pack(new Empty());

    private FinalEntry? _lastFinal;

    internal TimeProvider Clock => clock;

    /// <summary>Initial metadata of an operation created at <paramref name="created"/> (by default, now).</summary>
    public ScriptedOperationMetadata NewMetadata(DateTimeOffset? created = null)
    {
        var at = Timestamp.FromDateTimeOffset(created ?? clock.GetUtcNow());
        return new ScriptedOperationMetadata { CreateTime = at, UpdateTime = at };
    }

    /// <summary>
    /// Runs the script in the background, timed from <paramref name="created"/>;
    /// a zero-length script completes before this returns.
    /// </summary>
    public void Run(OperationHandle handle, OperationScript script, DateTimeOffset created)
    {
        if (EndsAtOnce(script))
        {
            Finish(handle, script, created, progress: 100, cancelRequested: false);
            return;
        }

        new ScriptedRun(this, handle, script, created, script.Duration.ToTimeSpan()).Start();
    }

    /// <summary>True for a script with no duration: its operation is done as it is created.</summary>
    public static bool EndsAtOnce(OperationScript script) => (script.Duration?.ToTimeSpan() ?? TimeSpan.Zero) <= TimeSpan.Zero;

    /// <summary>The final state <see cref="Run"/> gives an operation whose script ends at once, to create it done.</summary>
    public Google.LongRunning.Operation Finished(string name, OperationScript script, DateTimeOffset created) =>
        WithOutcome(new Google.LongRunning.Operation { Name = name, Done = true, Metadata = FinalMetadata(created, progress: 100, cancelRequested: false) }, script);

    /// <summary>Sets the script's outcome (its error, or its response) on <paramref name="done"/>, a done operation, and returns it.</summary>
    public static Google.LongRunning.Operation WithOutcome(Google.LongRunning.Operation done, OperationScript script)
    {
        var (response, error) = Outcome(script);
        if (error is not null)
        {
            done.Error = error;
        }
        else
        {
            done.Response = response;
        }

        return done;
    }

    /// <summary>The outcome of a script, as the final state of an operation done at once.</summary>
    public static (Any? Response, RpcStatus? Error) Outcome(OperationScript script) =>
        script.OutcomeCase switch
        {
            OperationScript.OutcomeOneofCase.Error => (null, script.Error),
            OperationScript.OutcomeOneofCase.Response => (script.Response, null),
            _ => (EmptyResponse, null),
        };

    internal void Publish(OperationHandle handle, DateTimeOffset created, int progress, bool cancelRequested) =>
        handle.UpdateMetadata(Any.Pack(Metadata(created, clock.GetUtcNow(), progress, cancelRequested, end: false)));

    internal void Finish(OperationHandle handle, OperationScript script, DateTimeOffset created, int progress, bool cancelRequested)
    {
        var final = FinalMetadata(created, progress, cancelRequested);
        var (response, error) = Outcome(script);
        if (error is not null)
        {
            handle.TryFail(error, final);
        }
        else
        {
            handle.TrySucceed(response!, final);
        }
    }

    internal void Cancelled(OperationHandle handle, DateTimeOffset created, int progress) =>
        handle.TryFail(
            new RpcStatus { Code = (int)Google.Rpc.Code.Cancelled, Message = CancelledMessage },
            Any.Pack(Metadata(created, clock.GetUtcNow(), progress, cancelRequested: true, end: true)));

    internal void Failed(OperationHandle handle, Exception exception)
    {
        Log.ScriptFailed(logger, handle.Name, exception);
        handle.TryFail(new RpcStatus { Code = (int)Google.Rpc.Code.Internal, Message = "The scripted operation failed inside the server." });
    }

    // Operations of one batch end alike at one moment of an advance: they share one final metadata,
    // as held snapshots are never changed.
    private Any FinalMetadata(DateTimeOffset created, int progress, bool cancelRequested)
    {
        var now = clock.GetUtcNow();
        var key = (created, now, progress, cancelRequested);
        if (Volatile.Read(ref _lastFinal) is { } last && last.Key == key)
        {
            return last.Metadata;
        }

        var metadata = Any.Pack(Metadata(created, now, progress, cancelRequested, end: true));
        Volatile.Write(ref _lastFinal, new FinalEntry(key, metadata));
        return metadata;
    }

    private ScriptedOperationMetadata Metadata(DateTimeOffset created, DateTimeOffset at, int progress, bool cancelRequested, bool end)
    {
        var now = Timestamp.FromDateTimeOffset(at);
        var metadata = new ScriptedOperationMetadata
        {
            CreateTime = Timestamp.FromDateTimeOffset(created),
            UpdateTime = now,
            ProgressPercent = progress,
            CancelRequested = cancelRequested,
        };
        if (end)
        {
            metadata.EndTime = now;
        }

        return metadata;
    }

    private sealed record FinalEntry((DateTimeOffset Created, DateTimeOffset Now, int Progress, bool CancelRequested) Key, Any Metadata);

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Error, "Scripted operation {Name} failed")]
        public static partial void ScriptFailed(ILogger logger, string name, Exception exception);
    }
}
