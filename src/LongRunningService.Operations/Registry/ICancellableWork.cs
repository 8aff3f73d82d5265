namespace LongRunningService.Operations.Registry;

/// <summary>
/// Work behind an operation that hears of cancellation by a call rather than
/// through a <see cref="CancellationToken"/>, which costs a token source and a
/// registration per operation: the lighter way for work held by the million.
/// </summary>
internal interface ICancellableWork
{
    /// <summary>A client asked to cancel; called once, on the thread pool, never under a registry lock.</summary>
    void CancelRequested();
}
