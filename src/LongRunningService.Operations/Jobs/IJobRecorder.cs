using LongRunningService.Operations.Storage;

namespace LongRunningService.Operations.Jobs;

/// <summary>Records a job's changes in a store before they take effect (the engine, when its store keeps records).</summary>
internal interface IJobRecorder
{
    /// <summary>
    /// Records <paramref name="job"/> as it is about to be; called under the
    /// job's lock. False when the store refuses (the job ended already
    /// elsewhere): the change is not made.
    /// </summary>
    /// <param name="answering">
    /// The change answers a client (a cancellation), so a store failure is
    /// thrown to fail that call; background changes (stages the clock moves)
    /// are logged and made anyway.
    /// </param>
    /// <exception cref="StateStoreException">Only when <paramref name="answering"/>: the store could not record it.</exception>
    bool Record(SimulatedJob job, StoredJobState next, bool answering);
}
