namespace LongRunningService.Operations.Jobs;

/// <summary>What a deletion request found.</summary>
internal enum JobDeleteOutcome
{
    NotFound,

    /// <summary>The job has not ended: it must be cancelled first.</summary>
    NotEnded,

    /// <summary>A deletion of this job is under way already.</summary>
    AlreadyDeleting,

    /// <summary>The deletion started; <see cref="JobEngine.CompleteDelete"/> finishes it.</summary>
    Started,
}
