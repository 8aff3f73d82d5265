using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
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
/// unless the work finishes first.
/// </summary>
internal sealed partial class OptimizationOperations(
    IOperationRegistry registry,
    LatencyProfiles profiles,
    TimeProvider clock,
    IOptions<OptimizationOptions> options,
    ILogger<OptimizationOperations> logger)
{
    public const string CancelledMessage = "Operation was cancelled.";

    /// <summary>
    /// Starts an operation of <paramref name="api"/> under <paramref name="parent"/>;
    /// <paramref name="metadata"/> describes it in a phase, given its creation and
    /// last update times. With no duration it is done before this returns.
    /// </summary>
    public Operation Start(string parent, string api, Any response, Func<OptimizationPhase, Timestamp, Timestamp, Any> metadata)
    {
        var (duration, cancelDelay) = TimingOf(parent);
        var created = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        var handle = Register(parent, api, metadata(OptimizationPhase.Running, created, created));
        var lifecycle = new Lifecycle(handle, response, created, metadata);
        if (duration <= TimeSpan.Zero)
        {
            lifecycle.Succeed(created);
        }
        else
        {
            _ = RunAsync(lifecycle, duration, cancelDelay);
        }

        return handle.Current;
    }

    private (TimeSpan Duration, TimeSpan CancelDelay) TimingOf(string parent) =>
        profiles.ChosenFor(parent) is { } profile
            ? (profile.Running, profile.CancelDelay)
            : (options.Value.BatchDuration, TimeSpan.Zero);

    // Generated IDs may meet a client-chosen one (the emulator API takes any ID); the next ID is tried then.
    private OperationHandle Register(string parent, string api, Any metadata)
    {
        while (true)
        {
            try
            {
                return registry.Start(OperationNames.Combine(parent, registry.NewOperationId()), metadata, api);
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

    private async Task RunAsync(Lifecycle lifecycle, TimeSpan duration, TimeSpan cancelDelay)
    {
        try
        {
            var end = clock.GetUtcNow() + duration;
            try
            {
                await Task.Delay(duration, clock, lifecycle.Handle.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Whichever completes first wins: work that ends within the cancel delay keeps its result.
                var remaining = end - clock.GetUtcNow();
                if (remaining > TimeSpan.Zero && cancelDelay >= remaining)
                {
                    await Task.Delay(remaining, clock);
                    lifecycle.Succeed(Now());
                    return;
                }

                if (cancelDelay > TimeSpan.Zero)
                {
                    await Task.Delay(cancelDelay, clock);
                }

                lifecycle.Fail(new RpcStatus { Code = (int)Code.Cancelled, Message = CancelledMessage }, OptimizationPhase.Cancelled, Now());
                return;
            }

            lifecycle.Succeed(Now());
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

    private sealed record Lifecycle(OperationHandle Handle, Any Response, Timestamp Created, Func<OptimizationPhase, Timestamp, Timestamp, Any> Metadata)
    {
        public void Succeed(Timestamp now) => Handle.TrySucceed(Response, Metadata(OptimizationPhase.Succeeded, Created, now));

        public void Fail(RpcStatus error, OptimizationPhase phase, Timestamp now) => Handle.TryFail(error, Metadata(phase, Created, now));
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "Optimization operation {Name} failed")]
        public static partial void OperationFailed(ILogger logger, string name, Exception exception);
    }
}
