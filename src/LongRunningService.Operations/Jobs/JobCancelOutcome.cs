namespace LongRunningService.Operations.Jobs;

/// <summary>What a cancellation request found.</summary>
internal enum JobCancelOutcome
{
    NotFound,

    /// <summary>The job had ended; nothing changed.</summary>
    AlreadyEnded,

    /// <summary>The job is CANCELLING; whether it ends CANCELLED is up to the race with its work.</summary>
    Requested,
}
