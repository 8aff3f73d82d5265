using Grpc.Core;
using Grpc.Core.Interceptors;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Timing;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Applies the first fault rule that acts on a call: waits its delay on the
/// emulator's clock, then ends the call with its status, or lets it go on.
/// </summary>
internal sealed class FaultInjectionInterceptor(FaultRuleBook rules, TimeProvider clock) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // No rule acts on most calls: they go straight on, without a state machine of their own.
        return context.ServedMethod() is not { } served
            || CallJournalInterceptor.IsControlPlane(served.Method)
            || rules.Match(served.FullName, context.ResourceName()) is not { } rule
                ? continuation(request, context)
                : ApplyAsync(rule, request, context, continuation);
    }

    private async Task<TResponse> ApplyAsync<TRequest, TResponse>(
        FaultRule rule, TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
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
            // As the library sends a status: its details go in grpc-status-details-bin, which every protocol reads.
            throw status.ToRpcException();
        }

        return await continuation(request, context);
    }
}
