using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Operations.Timing;
using LongRunningService.Services.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// The lifecycle of the optimization APIs' long-running operations, not their
/// solver: an operation named <c>{parent}/operations/{id}</c> runs for a set
/// time on the injected clock, then succeeds with the response it was given.
/// The time is the project's latency profile's running duration when one is
/// chosen, else <see cref="OptimizationOptions.BatchDuration"/>. A cancellation
/// ends it CANCELLED after the profile's cancel delay (at once by default),
/// unless the work finishes first. The work is recorded with the operation,
/// so a restarted server runs it on to the same end.
/// </summary>
internal sealed partial class OptimizationOperations(
    IOperationRegistry registry,
    LatencyProfiles profiles,
    TimeProvider clock,
    IOptions<OptimizationOptions> options,
    ILogger<OptimizationOperations> logger) : IOperationResumer
{
    public const string CancelledMessage = "Operation was cancelled.";

    /// <summary>
    /// The work kind of optimization operations: the response to give, the
    /// metadata's key, the duration and the cancel delay, timed from creation.
    /// </summary>
    public const string WorkKind = "optimization";

    private const int MetadataKeyField = 1;
    private const int ResponseField = 2;
    private const int DurationField = 3;
    private const int CancelDelayField = 4;

    public string Kind => WorkKind;

    /// <summary>
    /// Starts an operation of <paramref name="api"/> under <paramref name="parent"/>
    /// that ends with <paramref name="response"/>; <paramref name="metadata"/>
    /// describes it in each phase. With no duration it is done before this returns.
    /// </summary>
    public Operation Start(string parent, string api, Any response, OptimizationMetadata metadata)
    {
        var (duration, cancelDelay) = TimingOf(parent);
        var created = clock.GetUtcNow();
        var createdAt = Timestamp.FromDateTimeOffset(created);
        var work = duration > TimeSpan.Zero ? Describe(metadata, response, duration, cancelDelay, created) : null;
        var handle = Register(parent, api, metadata.Build(OptimizationPhase.Running, createdAt, createdAt), work);
        var lifecycle = new Lifecycle(handle, response, createdAt, metadata);
        if (duration <= TimeSpan.Zero)
        {
            lifecycle.Succeed(createdAt);
        }
        else
        {
            _ = RunAsync(lifecycle, created + duration, cancelDelay);
        }

        return handle.Current;
    }

    public void Resume(OperationHandle handle, OperationWork work)
    {
        var (metadata, response, duration, cancelDelay) = Read(work.Payload);
        var lifecycle = new Lifecycle(handle, response, Timestamp.FromDateTimeOffset(work.StartedAt), metadata);
        _ = RunAsync(lifecycle, work.StartedAt + duration, cancelDelay);
    }

    // Timing is kept with the work: latency profile choices do not outlive the server.
    // A response too large to record leaves the work unrecorded: after a restart it ends ABORTED.
    private static OperationWork? Describe(OptimizationMetadata metadata, Any response, TimeSpan duration, TimeSpan cancelDelay, DateTimeOffset created)
    {
        using var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes);
        output.WriteTag(MetadataKeyField, WireFormat.WireType.LengthDelimited);
        output.WriteString(metadata.Key);
        output.WriteTag(ResponseField, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(response);
        output.WriteTag(DurationField, WireFormat.WireType.Varint);
        output.WriteInt64(duration.Ticks);
        output.WriteTag(CancelDelayField, WireFormat.WireType.Varint);
        output.WriteInt64(cancelDelay.Ticks);
        output.Flush();
        return bytes.Length > StoredRecordLimits.MaxWorkPayloadBytes
            ? null
            : new OperationWork(WorkKind, ByteString.CopyFrom(bytes.GetBuffer(), 0, (int)bytes.Length), created);
    }

    private static (OptimizationMetadata Metadata, Any Response, TimeSpan Duration, TimeSpan CancelDelay) Read(ByteString payload)
    {
        string? key = null;
        Any? response = null;
        long duration = -1;
        long cancelDelay = -1;
        try
        {
            var input = payload.CreateCodedInput();
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case MetadataKeyField:
                        key = input.ReadString();
                        break;
                    case ResponseField:
                        response = new Any();
                        input.ReadMessage(response);
                        break;
                    case DurationField:
                        duration = input.ReadInt64();
                        break;
                    case CancelDelayField:
                        cancelDelay = input.ReadInt64();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new FormatException(exception.Message, exception);
        }

        if (key is null || OptimizationMetadata.Find(key) is not { } metadata || response is null || duration <= 0 || cancelDelay < 0)
        {
            throw new FormatException("Not the description of an optimization operation's work.");
        }

        return (metadata, response, TimeSpan.FromTicks(duration), TimeSpan.FromTicks(cancelDelay));
    }

    private (TimeSpan Duration, TimeSpan CancelDelay) TimingOf(string parent) =>
        profiles.ChosenFor(parent) is { } profile
            ? (profile.Running, profile.CancelDelay)
            : (options.Value.BatchDuration, TimeSpan.Zero);

    // Generated IDs may meet a client-chosen one (the emulator API takes any ID); the next ID is tried then.
    private OperationHandle Register(string parent, string api, Any metadata, OperationWork? work)
    {
        while (true)
        {
            try
            {
                return registry.Start(OperationNames.Combine(parent, registry.NewOperationId()), metadata, api, work: work);
            }
            catch (OperationAlreadyExistsException)
            {
            }
            catch (RegistryFullException full)
            {
                throw RpcErrors.ResourceExhausted(full.Message);
            }
        }
    }

    private async Task RunAsync(Lifecycle lifecycle, DateTimeOffset end, TimeSpan cancelDelay)
    {
        try
        {
            if (await clock.DelayUntilAsync(end, lifecycle.Handle.CancellationToken))
            {
                lifecycle.Succeed(Now());
                return;
            }

            // Whichever completes first wins: work that ends within the cancel delay keeps its result.
            var remaining = end - clock.GetUtcNow();
            if (remaining > TimeSpan.Zero && cancelDelay >= remaining)
            {
                await clock.DelayUntilAsync(end, CancellationToken.None);
                lifecycle.Succeed(Now());
                return;
            }

            if (cancelDelay > TimeSpan.Zero)
            {
                await clock.DelayUntilAsync(clock.GetUtcNow() + cancelDelay, CancellationToken.None);
            }

            lifecycle.Fail(new RpcStatus { Code = (int)Code.Cancelled, Message = CancelledMessage }, OptimizationPhase.Cancelled, Now());
        }
        catch (Exception exception)
        {
            Log.OperationFailed(logger, lifecycle.Handle.Name, exception);
            lifecycle.Fail(
                new RpcStatus { Code = (int)Code.Internal, Message = "The emulated optimization failed inside the server." },
                OptimizationPhase.Failed,
                Now());
        }
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(clock.GetUtcNow());

    private sealed record Lifecycle(OperationHandle Handle, Any Response, Timestamp Created, OptimizationMetadata Metadata)
    {
        public void Succeed(Timestamp now) => Handle.TrySucceed(Response, Metadata.Build(OptimizationPhase.Succeeded, Created, now));

        public void Fail(RpcStatus error, OptimizationPhase phase, Timestamp now) => Handle.TryFail(error, Metadata.Build(phase, Created, now));
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "Optimization operation {Name} failed")]
        public static partial void OperationFailed(ILogger logger, string name, Exception exception);
    }
}
