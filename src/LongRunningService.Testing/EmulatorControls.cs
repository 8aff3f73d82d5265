using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunning.Emulator.V1;

namespace LongRunningService.Testing;

/// <summary>
/// The emulator control API (<c>longrunning.emulator.v1.EmulatorControl</c>) with a
/// method per thing a test does. <see cref="Client"/> is the generated client, for the rest.
/// </summary>
public sealed class EmulatorControls(CallInvoker callInvoker)
{
    /// <summary>Wraps a channel to a running emulator, in process or not.</summary>
    public EmulatorControls(ChannelBase channel)
        : this(channel.CreateCallInvoker())
    {
    }

    /// <summary>The generated client of the control API.</summary>
    public EmulatorControl.EmulatorControlClient Client { get; } = new(callInvoker);

    /// <summary>The clock: its mode, scale, emulated time and next timer.</summary>
    public async Task<Clock> GetClockAsync(CancellationToken cancellationToken = default) =>
        await Client.GetClockAsync(new GetClockRequest(), cancellationToken: cancellationToken);

    /// <summary>Stops the clock: from now on time moves only when advanced.</summary>
    public async Task<Clock> PauseClockAsync(CancellationToken cancellationToken = default) =>
        await Client.UpdateClockAsync(new UpdateClockRequest { Mode = Clock.Types.Mode.Paused }, cancellationToken: cancellationToken);

    /// <summary>Lets the clock run again, <paramref name="scale"/> emulated seconds per real second.</summary>
    public async Task<Clock> ResumeClockAsync(double scale = 1, CancellationToken cancellationToken = default) =>
        await Client.UpdateClockAsync(new UpdateClockRequest { Mode = Clock.Types.Mode.Running, Scale = scale }, cancellationToken: cancellationToken);

    /// <summary>Moves the clock forward; every timer that falls due fires, in order, before it returns.</summary>
    public async Task<Clock> AdvanceAsync(TimeSpan duration, CancellationToken cancellationToken = default) =>
        await Client.AdvanceClockAsync(new AdvanceClockRequest { Duration = Duration.FromTimeSpan(duration) }, cancellationToken: cancellationToken);

    /// <summary>Moves the clock to the earliest waiting timer and fires it.</summary>
    public async Task<Clock> AdvanceToNextEventAsync(CancellationToken cancellationToken = default) =>
        await Client.AdvanceClockAsync(new AdvanceClockRequest { ToNextEvent = true }, cancellationToken: cancellationToken);

    /// <summary>Adds a fault rule and returns it with its name.</summary>
    public async Task<FaultRule> AddFaultAsync(FaultRule rule, CancellationToken cancellationToken = default) =>
        await Client.CreateFaultRuleAsync(new CreateFaultRuleRequest { FaultRule = rule }, cancellationToken: cancellationToken);

    /// <summary>
    /// Makes calls of <paramref name="method"/> (<c>package.Service/Method</c>, or <c>*</c>) end with
    /// <paramref name="code"/>: the next <paramref name="count"/> of them (0: every one), on resources
    /// matching <paramref name="resourcePattern"/> (<c>*</c> matches any run of characters; null: all).
    /// </summary>
    public Task<FaultRule> AddFaultAsync(
        string method,
        StatusCode code,
        int count = 0,
        string? resourcePattern = null,
        string? message = null,
        CancellationToken cancellationToken = default) =>
        AddFaultAsync(
            new FaultRule
            {
                Method = method,
                ResourcePattern = resourcePattern ?? string.Empty,
                Count = count,
                Status = new Google.Rpc.Status { Code = (int)code, Message = message ?? $"Injected {code}." },
            },
            cancellationToken);

    /// <summary>The fault rules, in the order they are checked.</summary>
    public async Task<IReadOnlyList<FaultRule>> FaultsAsync(CancellationToken cancellationToken = default) =>
        (await Client.ListFaultRulesAsync(new ListFaultRulesRequest(), cancellationToken: cancellationToken)).FaultRules;

    /// <summary>Deletes a fault rule by its name (<c>faultRules/{id}</c>).</summary>
    public async Task RemoveFaultAsync(string name, CancellationToken cancellationToken = default) =>
        await Client.DeleteFaultRuleAsync(new DeleteFaultRuleRequest { Name = name }, cancellationToken: cancellationToken);

    /// <summary>
    /// The calls clients made, oldest first, every page of them: all, or those of one
    /// <paramref name="method"/> (<c>package.Service/Method</c>) and/or on one <paramref name="resource"/>.
    /// </summary>
    public async Task<IReadOnlyList<CallRecord>> CallsAsync(string? method = null, string? resource = null, CancellationToken cancellationToken = default)
    {
        var calls = new List<CallRecord>();
        var request = new ListCallsRequest { Method = method ?? string.Empty, Resource = resource ?? string.Empty, PageSize = 1000 };
        do
        {
            var page = await Client.ListCallsAsync(request, cancellationToken: cancellationToken);
            calls.AddRange(page.Calls);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return calls;
    }

    /// <summary>Forgets every recorded call.</summary>
    public async Task ClearCallsAsync(CancellationToken cancellationToken = default) =>
        await Client.ClearCallsAsync(new ClearCallsRequest(), cancellationToken: cancellationToken);

    /// <summary>
    /// Sets the latency profile (<c>instant</c>, <c>fast</c>, <c>realistic</c>; empty: back to the default)
    /// of the jobs <paramref name="project"/> creates from now on, or with no project the server default.
    /// </summary>
    public async Task<LatencyProfile> SetLatencyProfileAsync(string profile, string? project = null, CancellationToken cancellationToken = default) =>
        await Client.SetLatencyProfileAsync(new SetLatencyProfileRequest { Profile = profile, Project = project ?? string.Empty }, cancellationToken: cancellationToken);

    /// <summary>The operations and jobs held, of every project or of one.</summary>
    public async Task<EmulatorState> ExportStateAsync(string? project = null, CancellationToken cancellationToken = default) =>
        await Client.ExportStateAsync(new ExportStateRequest { Project = project ?? string.Empty }, cancellationToken: cancellationToken);

    /// <summary>Loads operations and jobs: merged into what is held, or with <paramref name="replace"/> instead of it.</summary>
    public async Task<ImportStateResponse> ImportStateAsync(EmulatorState state, bool replace = false, CancellationToken cancellationToken = default) =>
        await Client.ImportStateAsync(new ImportStateRequest { State = state, Replace = replace }, cancellationToken: cancellationToken);

    /// <summary>
    /// Drops one project's operations, jobs, recorded calls and latency profile choice; with no
    /// project, everything, fault rules included.
    /// </summary>
    public async Task<ResetResponse> ResetAsync(string? project = null, CancellationToken cancellationToken = default) =>
        await Client.ResetAsync(new ResetRequest { Project = project ?? string.Empty }, cancellationToken: cancellationToken);
}
