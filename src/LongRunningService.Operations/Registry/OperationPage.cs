using Google.LongRunning;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// One page of a listing. <see cref="LastSequence"/> is the position to resume
/// after; positions only grow, so a resumed listing neither repeats nor skips
/// operations that stayed, whatever was added or removed meanwhile.
/// </summary>
internal sealed record OperationPage(IReadOnlyList<Operation> Operations, long LastSequence, bool HasMore);
