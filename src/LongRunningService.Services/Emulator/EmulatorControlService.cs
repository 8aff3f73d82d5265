using System.Globalization;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Timing;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Paging;
using LongRunningService.Services.Validation;
using LatencyProfile = LongRunning.Emulator.V1.LatencyProfile;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// <c>longrunning.emulator.v1.EmulatorControl</c>: the clock, fault rules,
/// call journal and reset, for tests in any language, over gRPC or REST.
/// </summary>
internal sealed class EmulatorControlService(
    EmulatorClock clock,
    FaultRuleBook faults,
    CallJournal journal,
    IOperationRegistry operations,
    JobEngine jobs,
    LatencyProfiles latencyProfiles,
    EmulatorStateStore stateStore,
    PageTokenCodec pageTokens) : IGrpcService
{
    private const int DefaultCallPage = 100;
    private const int MaxCallPage = 1000;
    private const int DefaultListPage = 100;
    private const int MaxListPage = 1000;

    public ServiceDescriptor Descriptor => EmulatorControlReflection.Descriptor.FindTypeByName<ServiceDescriptor>("EmulatorControl");

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<GetClockRequest, Clock>(nameof(GetClock), GetClock);
        binder.MapUnary<UpdateClockRequest, Clock>(nameof(UpdateClock), UpdateClock);
        binder.MapUnary<AdvanceClockRequest, Clock>(nameof(AdvanceClock), AdvanceClock);
        binder.MapUnary<CreateFaultRuleRequest, FaultRule>(nameof(CreateFaultRule), CreateFaultRule);
        binder.MapUnary<ListFaultRulesRequest, ListFaultRulesResponse>(nameof(ListFaultRules), ListFaultRules);
        binder.MapUnary<DeleteFaultRuleRequest, Empty>(nameof(DeleteFaultRule), DeleteFaultRule);
        binder.MapUnary<ListCallsRequest, ListCallsResponse>(nameof(ListCalls), ListCalls);
        binder.MapUnary<ClearCallsRequest, Empty>(nameof(ClearCalls), ClearCalls);
        binder.MapUnary<ListJobsRequest, ListJobsResponse>(nameof(ListJobs), ListJobs);
        binder.MapUnary<ListAllOperationsRequest, ListAllOperationsResponse>(nameof(ListAllOperations), ListAllOperations);
        binder.MapUnary<ListLatencyProfilesRequest, ListLatencyProfilesResponse>(nameof(ListLatencyProfiles), ListLatencyProfiles);
        binder.MapUnary<SetLatencyProfileRequest, LatencyProfile>(nameof(SetLatencyProfile), SetLatencyProfile);
        binder.MapUnary<ExportStateRequest, EmulatorState>(nameof(ExportState), ExportState);
        binder.MapUnary<ImportStateRequest, ImportStateResponse>(nameof(ImportState), ImportState);
        binder.MapUnary<ResetRequest, ResetResponse>(nameof(Reset), Reset);
    }

    public Task<Clock> GetClock(GetClockRequest request, ServerCallContext context) => Task.FromResult(Describe());

    public Task<Clock> UpdateClock(UpdateClockRequest request, ServerCallContext context)
    {
        switch (request.Mode)
        {
            case Clock.Types.Mode.Paused:
                clock.Pause();
                break;
            case Clock.Types.Mode.Running:
                if (request.Scale != 0 && !(request.Scale >= EmulatorClock.MinScale && request.Scale <= EmulatorClock.MaxScale))
                {
                    throw RpcErrors.InvalidField(
                        "scale",
                        string.Create(CultureInfo.InvariantCulture, $"The field `scale` must be between {EmulatorClock.MinScale} and {EmulatorClock.MaxScale} (0 means 1); got {request.Scale}."));
                }

                clock.Run(request.Scale == 0 ? 1 : request.Scale);
                break;
            default:
                throw RpcErrors.InvalidField("mode", "The field `mode` must be RUNNING or PAUSED.");
        }

        return Task.FromResult(Describe());
    }

    public Task<Clock> AdvanceClock(AdvanceClockRequest request, ServerCallContext context)
    {
        using var stop = new CancellationTokenSource();
        using var link = StopAdvanceOn(context, stop);
        try
        {
            if (request.ToNextEvent)
            {
                clock.AdvanceToNext(stop.Token);
            }
            else
            {
                clock.Advance(AdvanceSpan(request.Duration), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw new RpcException(new Status(
                StatusCode.DeadlineExceeded,
                $"The clock was not advanced all the way within the call's deadline; it stands at {Timestamp.FromDateTimeOffset(clock.GetUtcNow())}."));
        }

        return Task.FromResult(Describe());
    }

    // A positive, normalized duration that keeps the clock within protobuf's Timestamp range.
    private TimeSpan AdvanceSpan(Duration? duration)
    {
        if (duration is null)
        {
            throw RpcErrors.InvalidField("duration", "The field `duration` must be positive, or set `to_next_event`.");
        }

        var room = EmulatorClock.Latest - clock.GetUtcNow();
        DurationFields.RequireNormalized(duration, "duration");
        var by = duration.ToTimeSpan();
        if (by <= TimeSpan.Zero || by > room)
        {
            throw RpcErrors.InvalidField(
                "duration",
                $"The field `duration` must be positive and at most {DurationFields.Format(room)}, which takes the clock to {Timestamp.FromDateTimeOffset(EmulatorClock.Latest)}; or set `to_next_event`.");
        }

        return by;
    }

    // The call's deadline is on the emulated clock, which the advance itself moves past, so
    // it stops on the deadline's span in real time or when the client goes away, not on that.
    private CancellationTokenRegistration StopAdvanceOn(ServerCallContext context, CancellationTokenSource stop)
    {
        var deadline = context.DeadlineOrNull();
        if (deadline is { } end)
        {
            var budget = end - clock.GetUtcNow();
            stop.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        }

        return context.CancellationToken.UnsafeRegister(
            static (state, _) =>
            {
                var (source, clock, deadline) = ((CancellationTokenSource, EmulatorClock, DateTimeOffset?))state!;
                if (deadline is null || clock.GetUtcNow() < deadline)
                {
                    source.Cancel();
                }
            },
            (stop, clock, deadline));
    }

    public Task<FaultRule> CreateFaultRule(CreateFaultRuleRequest request, ServerCallContext context) =>
        Task.FromResult(faults.Add(request.FaultRule ?? throw RpcErrors.RequiredField("fault_rule")));

    public Task<ListFaultRulesResponse> ListFaultRules(ListFaultRulesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListFaultRulesResponse { FaultRules = { faults.List() } });

    public Task<Empty> DeleteFaultRule(DeleteFaultRuleRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw RpcErrors.RequiredField("name");
        }

        return faults.Remove(request.Name)
            ? Task.FromResult(new Empty())
            : throw RpcErrors.NotFound("longrunning.emulator.v1.FaultRule", request.Name, "Fault rule");
    }

    public Task<ListCallsResponse> ListCalls(ListCallsRequest request, ServerCallContext context)
    {
        var pageSize = PageSize.Resolve(request.PageSize, DefaultCallPage, MaxCallPage);
        var scope = $"{request.Method}\n{request.Resource}";
        var after = pageTokens.Decode(request.PageToken, scope);
        var (records, last, hasMore) = journal.Page(
            record => (request.Method.Length == 0 || record.Method == request.Method)
                && (request.Resource.Length == 0 || record.Resource == request.Resource),
            after,
            pageSize);
        var response = new ListCallsResponse { Calls = { records }, WatchToken = pageTokens.Encode(last, scope) };
        if (hasMore)
        {
            response.NextPageToken = pageTokens.Encode(last, scope);
        }

        return Task.FromResult(response);
    }

    public Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var pageSize = PageSize.Resolve(request.PageSize, DefaultListPage, MaxListPage);
        var held = jobs.Where(ProjectFilter.Owns(request.Project));
        var response = new ListJobsResponse { TotalSize = held.Count };
        foreach (var job in held.Skip(Math.Max(0, held.Count - pageSize)))
        {
            var entry = new JobEntry { Job = Any.Pack(job.Snapshot) };
            foreach (var (state, time) in job.History)
            {
                entry.StateHistory.Add(new JobStateChange { State = (SimulatedJobState)(int)state, Time = Timestamp.FromDateTimeOffset(time) });
            }

            response.Jobs.Add(entry);
        }

        return Task.FromResult(response);
    }

    public Task<ListAllOperationsResponse> ListAllOperations(ListAllOperationsRequest request, ServerCallContext context)
    {
        var pageSize = PageSize.Resolve(request.PageSize, DefaultListPage, MaxListPage);
        var held = operations.Where(ProjectFilter.Owns(request.Project));
        return Task.FromResult(new ListAllOperationsResponse
        {
            TotalSize = held.Count,
            Operations = { held.Skip(Math.Max(0, held.Count - pageSize)) },
        });
    }

    public Task<Empty> ClearCalls(ClearCallsRequest request, ServerCallContext context)
    {
        journal.RemoveWhere(_ => true);
        return Task.FromResult(new Empty());
    }

    public Task<ListLatencyProfilesResponse> ListLatencyProfiles(ListLatencyProfilesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListLatencyProfilesResponse { LatencyProfiles = { LatencyProfileMessages.List(latencyProfiles) } });

    public Task<LatencyProfile> SetLatencyProfile(SetLatencyProfileRequest request, ServerCallContext context)
    {
        ProjectFilter.RequireProjectId(request.Project);
        var profile = LatencyProfileMessages.Resolve(request.Profile);
        if (request.Project.Length == 0)
        {
            latencyProfiles.SetDefault(profile);
        }
        else
        {
            latencyProfiles.Set(request.Project, profile);
        }

        return Task.FromResult(LatencyProfileMessages.Describe(latencyProfiles.For($"projects/{request.Project}"), latencyProfiles));
    }

    public Task<EmulatorState> ExportState(ExportStateRequest request, ServerCallContext context) =>
        Task.FromResult(stateStore.Export(request.Project));

    public Task<ImportStateResponse> ImportState(ImportStateRequest request, ServerCallContext context) =>
        Task.FromResult(stateStore.Import(request.State ?? throw RpcErrors.RequiredField("state"), request.Replace));

    public Task<ResetResponse> Reset(ResetRequest request, ServerCallContext context)
    {
        var owned = ProjectFilter.Owns(request.Project);
        var everything = request.Project.Length == 0;
        latencyProfiles.Clear(everything ? null : request.Project);
        return Task.FromResult(new ResetResponse
        {
            OperationsRemoved = operations.RemoveWhere(owned),
            JobsRemoved = jobs.RemoveWhere(owned),
            FaultRulesRemoved = everything ? faults.Clear() : 0,
            CallsRemoved = journal.RemoveWhere(record => owned(record.Resource)),
        });
    }

    private Clock Describe()
    {
        var state = new Clock
        {
            Mode = clock.Mode == ClockMode.Paused ? Clock.Types.Mode.Paused : Clock.Types.Mode.Running,
            Scale = clock.Scale,
            Now = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            PendingTimers = clock.PendingTimers,
        };
        if (clock.NextDue is { } next)
        {
            state.NextEventTime = Timestamp.FromDateTimeOffset(next);
        }

        return state;
    }
}
