using System.Security.Cryptography;
using Google.LongRunning;
using Google.Protobuf;
using LongRunningService.Operations.Jobs;

namespace LongRunningService.Operations.Storage;

/// <summary>
/// One operation as a store keeps it.
/// </summary>
/// <param name="Name">Its full name, <c>…/operations/{id}</c>.</param>
/// <param name="Sequence">Its position in the order of creation (<see cref="IStateStore.NextSequence"/>).</param>
/// <param name="Api">The API whose method made it, or null.</param>
/// <param name="State">Its latest state: metadata while it runs, then the result; <c>done</c> says which.</param>
/// <param name="CompletedAt">When it finished, by the emulator clock; null while it runs.</param>
/// <param name="CancelRequested">A client asked to cancel it while it ran.</param>
/// <param name="Work">What runs behind it, so a restarted server can run it on; null for work that cannot be resumed or for a done operation.</param>
internal sealed record StoredOperation(
    string Name,
    long Sequence,
    string? Api,
    Operation State,
    DateTimeOffset? CompletedAt,
    bool CancelRequested,
    OperationWork? Work);

/// <summary>
/// A small description of the work behind a running operation: enough for the
/// resumer of <paramref name="Kind"/> to run it on after a restart, against the
/// clock, from <paramref name="StartedAt"/>.
/// </summary>
/// <param name="Kind">Which resumer runs it (at most <see cref="StoredRecordLimits.MaxWorkKindLength"/> ASCII characters).</param>
/// <param name="Payload">What it needs, in the form its resumer reads (at most <see cref="StoredRecordLimits.MaxWorkPayloadBytes"/>).</param>
/// <param name="StartedAt">When the work started, by the emulator clock.</param>
internal sealed record OperationWork(string Kind, ByteString Payload, DateTimeOffset StartedAt);

/// <summary>
/// One job as a store keeps it: the part fixed at creation, and <see cref="State"/>, which changes.
/// </summary>
/// <param name="Name">Its full name.</param>
/// <param name="TypeName">The full protobuf name of its resource message (e.g. <c>google.cloud.aiplatform.v1.CustomJob</c>).</param>
/// <param name="Parent">Its parent, <c>projects/{p}/locations/{l}</c>.</param>
/// <param name="Sequence">Its position in the order of creation.</param>
/// <param name="Resource">The resource as the client sent it (or as it was loaded), the base every rendering starts from.</param>
/// <param name="Script">How it behaves, fixed when it was created.</param>
/// <param name="TimelineStart">When its script started, by the emulator clock; its stages are due from there.</param>
/// <param name="State">Its state now.</param>
internal sealed record StoredJob(
    string Name,
    string TypeName,
    string Parent,
    long Sequence,
    ByteString Resource,
    JobScript Script,
    DateTimeOffset TimelineStart,
    StoredJobState State);

/// <summary>The changing part of a stored job.</summary>
/// <param name="Status">State, time stamps and error.</param>
/// <param name="History">The states it entered and when, oldest first.</param>
/// <param name="FinishedUnits">When each finished unit of work (trial, task) ended, oldest first.</param>
/// <param name="Deleting">A deletion is under way: its operation runs and will remove the job.</param>
internal sealed record StoredJobState(
    JobStatus Status,
    IReadOnlyList<(JobLifecycleState State, DateTimeOffset Time)> History,
    IReadOnlyList<DateTimeOffset> FinishedUnits,
    bool Deleting);

/// <summary>
/// The emulator clock: it read <paramref name="Reading"/> at wall-clock time
/// <paramref name="WallTime"/>. Paused, it stays at that reading; running, it
/// reads <c>Reading + (now - WallTime) × Scale</c>.
/// </summary>
internal sealed record StoredClock(DateTimeOffset Reading, DateTimeOffset WallTime, double Scale, bool Paused);

/// <summary>Everything a store hands back at start.</summary>
/// <param name="Operations">Oldest first.</param>
/// <param name="Jobs">Oldest first.</param>
/// <param name="Clock">Null when the clock never changed from real time.</param>
/// <param name="Counters">The highest reserved ID of each counter.</param>
/// <param name="PageTokenKey">
/// The key that signs page tokens (<see cref="PageTokenKeySize"/> random bytes), made once
/// with the store and the same at every start and for every server sharing the store, so a
/// page token outlives a restart and works on any of them. Secret: never logged nor quoted.
/// </param>
internal sealed record StoredState(
    IReadOnlyList<StoredOperation> Operations,
    IReadOnlyList<StoredJob> Jobs,
    StoredClock? Clock,
    IReadOnlyDictionary<string, long> Counters,
    byte[] PageTokenKey)
{
    /// <summary>The size of a page token key, in bytes.</summary>
    public const int PageTokenKeySize = 32;

    /// <summary>A new page token key, for a store made now.</summary>
    public static byte[] NewPageTokenKey() => RandomNumberGenerator.GetBytes(PageTokenKeySize);
}

/// <summary>The generated-ID counters a store keeps.</summary>
internal static class StoredCounters
{
    /// <summary>Operation IDs (<c>…/operations/{n}</c>).</summary>
    public const string Operations = "operations";

    /// <summary>Job IDs (<c>…/customJobs/{n}</c> and the like).</summary>
    public const string Jobs = "jobs";
}

/// <summary>Bounds every stored record meets; checked before a record is written.</summary>
internal static class StoredRecordLimits
{
    /// <summary>Longest work kind.</summary>
    public const int MaxWorkKindLength = 64;

    /// <summary>Largest work payload.</summary>
    public const int MaxWorkPayloadBytes = 64 * 1024;
}
