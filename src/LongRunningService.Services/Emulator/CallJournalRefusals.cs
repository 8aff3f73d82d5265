using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Puts in the journal the calls that ended before any handler ran (no route,
/// no token, a request the protocol layer could not read), which the journal's
/// filter around the handlers never sees. The control plane's own calls stay out, as there.
/// </summary>
internal sealed class CallJournalRefusals(CallJournal journal, TimeProvider clock) : ICallObserver
{
    private const string ControlPlanePrefix = "/longrunning.emulator.v1.EmulatorControl/";

    public void CallEnded(in CallRecord call)
    {
        if (!call.Refused || call.Method.StartsWith(ControlPlanePrefix, StringComparison.Ordinal))
        {
            return;
        }

        journal.Add(new CallJournalEntry(
            clock.GetUtcNow() - call.Duration,
            call.Protocol,
            call.MethodFound ? call.Method.TrimStart('/') : call.Method,
            call.ResourceName ?? string.Empty,
            default,
            null,
            (int)call.Status,
            call.Duration));
    }
}
