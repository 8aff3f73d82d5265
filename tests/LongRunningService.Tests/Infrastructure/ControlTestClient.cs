using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;

namespace LongRunningService.Tests.Infrastructure;

/// <summary><c>longrunning.emulator.v1.EmulatorControl</c>'s generated client, with the calls tests make most.</summary>
internal sealed class ControlTestClient(GrpcTestClient grpc)
{
    public const string Service = "/longrunning.emulator.v1.EmulatorControl/";

    public EmulatorControl.EmulatorControlClient Client { get; } = new(grpc.Channel);

    public Task<Clock> PauseAsync() =>
        Client.UpdateClockAsync(new UpdateClockRequest { Mode = Clock.Types.Mode.Paused }).ResponseAsync;

    public Task<Clock> RunAsync(double scale = 1) =>
        Client.UpdateClockAsync(new UpdateClockRequest { Mode = Clock.Types.Mode.Running, Scale = scale }).ResponseAsync;

    public Task<Clock> AdvanceAsync(TimeSpan by) =>
        Client.AdvanceClockAsync(new AdvanceClockRequest { Duration = Duration.FromTimeSpan(by) }).ResponseAsync;

    public Task<Clock> AdvanceToNextAsync() =>
        Client.AdvanceClockAsync(new AdvanceClockRequest { ToNextEvent = true }).ResponseAsync;

    public Task<Clock> GetClockAsync() =>
        Client.GetClockAsync(new GetClockRequest()).ResponseAsync;

    public Task<FaultRule> AddFaultAsync(FaultRule rule) =>
        Client.CreateFaultRuleAsync(new CreateFaultRuleRequest { FaultRule = rule }).ResponseAsync;

    public Task<ListFaultRulesResponse> ListFaultsAsync() =>
        Client.ListFaultRulesAsync(new ListFaultRulesRequest()).ResponseAsync;

    public Task<ListCallsResponse> ListCallsAsync(string method = "", string resource = "", int pageSize = 0, string pageToken = "") =>
        Client.ListCallsAsync(new ListCallsRequest { Method = method, Resource = resource, PageSize = pageSize, PageToken = pageToken }).ResponseAsync;

    public Task<ListJobsResponse> ListJobsAsync(string project = "", int pageSize = 0) =>
        grpc.CallAsync(Service + "ListJobs", new ListJobsRequest { Project = project, PageSize = pageSize }, ListJobsResponse.Parser);

    public Task<ListAllOperationsResponse> ListAllOperationsAsync(string project = "", int pageSize = 0) =>
        grpc.CallAsync(Service + "ListAllOperations", new ListAllOperationsRequest { Project = project, PageSize = pageSize }, ListAllOperationsResponse.Parser);

    public Task<ListLatencyProfilesResponse> ListLatencyProfilesAsync() =>
        Client.ListLatencyProfilesAsync(new ListLatencyProfilesRequest()).ResponseAsync;

    public Task<LatencyProfile> SetLatencyProfileAsync(string project, string profile) =>
        Client.SetLatencyProfileAsync(new SetLatencyProfileRequest { Project = project, Profile = profile }).ResponseAsync;

    public Task<EmulatorState> ExportStateAsync(string project = "") =>
        Client.ExportStateAsync(new ExportStateRequest { Project = project }).ResponseAsync;

    public Task<ImportStateResponse> ImportStateAsync(EmulatorState state, bool replace = false) =>
        Client.ImportStateAsync(new ImportStateRequest { State = state, Replace = replace }).ResponseAsync;

    public Task<ResetResponse> ResetAsync(string project = "") =>
        Client.ResetAsync(new ResetRequest { Project = project }).ResponseAsync;
}
