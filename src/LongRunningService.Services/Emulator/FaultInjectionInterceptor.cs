using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Timing;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Applies the first fault rule that acts on a call: waits its delay on the
/// emulator's clock, then ends the call with its status, or lets it go on.
/// </summary>
internal sealed class FaultInjectionInterceptor(FaultRuleBook rules, TimeProvider clock, GrpcMethodTable methods) : UnaryCallInterceptor(methods)
{
    protected override Task<TResponse> InterceptAsync<TResponse>(MethodDescriptor method, IMessage request, ServerCallContext context, IUnaryNext<TResponse> next)
    {
        // No rule acts on most calls: they go straight on, without a state machine of their own.
        return CallJournalInterceptor.IsControlPlane(method)
            || rules.Match(MethodPaths.Of(method), CallJournalInterceptor.ResourceOf(request)) is not { } rule
                ? next.RunAsync()
                : ApplyAsync(rule, context, next);
    }

    private async Task<TResponse> ApplyAsync<TResponse>(FaultRule rule, ServerCallContext context, IUnaryNext<TResponse> next)
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
            throw ServedCall.ToLibrary(status);
        }

        return await next.RunAsync();
    }
}
