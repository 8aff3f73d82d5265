namespace LongRunningService.Operations.Registry;

/// <summary>What a cancellation request found.</summary>
internal enum CancelOutcome
{
    /// <summary>No operation has that name.</summary>
    NotFound,

    /// <summary>The operation had finished; nothing changed.</summary>
    AlreadyDone,

    /// <summary>The work was told to stop; whether it does is up to the work.</summary>
    Requested,
}
