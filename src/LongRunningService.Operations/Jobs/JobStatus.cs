using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Operations.Jobs;

/// <summary>The server-owned part of a job: its name, state, time stamps and error.</summary>
internal sealed record JobStatus(
    string Name,
    JobLifecycleState State,
    DateTimeOffset CreateTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset UpdateTime,
    RpcStatus? Error);
