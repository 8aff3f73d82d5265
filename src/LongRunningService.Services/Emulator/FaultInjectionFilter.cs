using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Timing;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Applies the first fault rule that acts on a call: waits its delay on the
/// emulator's clock, then ends the call with its status, or lets it go on.
/// </summary>
internal sealed class FaultInjectionFilter(FaultRuleBook rules, TimeProvider clock) : IUnaryCallFilter
{
    public Task<IMessage> InvokeAsync(MethodDescriptor method, IMessage request, ServerCallContext context, UnaryContinuation next)
    {
        // No rule acts on most calls: they go straight on, without a state machine of their own.
        return CallJournalFilter.IsControlPlane(method)
            || rules.Match(MethodPaths.Of(method), CallJournalFilter.ResourceOf(request)) is not { } rule
                ? next(request, context)
                : ApplyAsync(rule, request, context, next);
    }

    private async Task<IMessage> ApplyAsync(FaultRule rule, IMessage request, ServerCallContext context, UnaryContinuation next)
    {
        if (rule.Delay is { } delay && delay.ToTimeSpan() > TimeSpan.Zero)
        {
            if (!await clock.DelayUntilAsync(clock.GetUtcNow() + delay.ToTimeSpan(), context.CancellationToken))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (rule.Status is { Code: not 0 } status)
        {
            throw new RpcException(status);
        }

        return await next(request, context);
    }
}
