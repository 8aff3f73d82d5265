using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Typed calls to <c>longrunning.emulator.v1.EmulatorControl</c>.</summary>
internal sealed class ControlTestClient(GrpcTestClient grpc)
{
    public const string Service = "/longrunning.emulator.v1.EmulatorControl/";

    public Task<Clock> PauseAsync() =>
        grpc.CallAsync(Service + "UpdateClock", new UpdateClockRequest { Mode = Clock.Types.Mode.Paused }, Clock.Parser);

    public Task<Clock> RunAsync(double scale = 1) =>
        grpc.CallAsync(Service + "UpdateClock", new UpdateClockRequest { Mode = Clock.Types.Mode.Running, Scale = scale }, Clock.Parser);

    public Task<Clock> AdvanceAsync(TimeSpan by) =>
        grpc.CallAsync(Service + "AdvanceClock", new AdvanceClockRequest { Duration = Duration.FromTimeSpan(by) }, Clock.Parser);

    public Task<Clock> AdvanceToNextAsync() =>
        grpc.CallAsync(Service + "AdvanceClock", new AdvanceClockRequest { ToNextEvent = true }, Clock.Parser);

    public Task<Clock> GetClockAsync() =>
        grpc.CallAsync(Service + "GetClock", new GetClockRequest(), Clock.Parser);

    public Task<FaultRule> AddFaultAsync(FaultRule rule) =>
        grpc.CallAsync(Service + "CreateFaultRule", new CreateFaultRuleRequest { FaultRule = rule }, FaultRule.Parser);

    public Task<ListFaultRulesResponse> ListFaultsAsync() =>
        grpc.CallAsync(Service + "ListFaultRules", new ListFaultRulesRequest(), ListFaultRulesResponse.Parser);

    public Task<ListCallsResponse> ListCallsAsync(string method = "", string resource = "", int pageSize = 0, string pageToken = "") =>
        grpc.CallAsync(Service + "ListCalls", new ListCallsRequest { Method = method, Resource = resource, PageSize = pageSize, PageToken = pageToken }, ListCallsResponse.Parser);

    public Task<ListJobsResponse> ListJobsAsync(string project = "", int pageSize = 0) =>
        grpc.CallAsync(Service + "ListJobs", new ListJobsRequest { Project = project, PageSize = pageSize }, ListJobsResponse.Parser);

    public Task<ListAllOperationsResponse> ListAllOperationsAsync(string project = "", int pageSize = 0) =>
        grpc.CallAsync(Service + "ListAllOperations", new ListAllOperationsRequest { Project = project, PageSize = pageSize }, ListAllOperationsResponse.Parser);

    public Task<ListLatencyProfilesResponse> ListLatencyProfilesAsync() =>
        grpc.CallAsync(Service + "ListLatencyProfiles", new ListLatencyProfilesRequest(), ListLatencyProfilesResponse.Parser);

    public Task<LatencyProfile> SetLatencyProfileAsync(string project, string profile) =>
        grpc.CallAsync(Service + "SetLatencyProfile", new SetLatencyProfileRequest { Project = project, Profile = profile }, LatencyProfile.Parser);

    public Task<EmulatorState> ExportStateAsync(string project = "") =>
        grpc.CallAsync(Service + "ExportState", new ExportStateRequest { Project = project }, EmulatorState.Parser);

    public Task<ImportStateResponse> ImportStateAsync(EmulatorState state, bool replace = false) =>
        grpc.CallAsync(Service + "ImportState", new ImportStateRequest { State = state, Replace = replace }, ImportStateResponse.Parser);

    public Task<ResetResponse> ResetAsync(string project = "") =>
        grpc.CallAsync(Service + "Reset", new ResetRequest { Project = project }, ResetResponse.Parser);
}
