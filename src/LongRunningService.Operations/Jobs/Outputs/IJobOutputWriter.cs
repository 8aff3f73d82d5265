using Google.Protobuf;

namespace LongRunningService.Operations.Jobs.Outputs;

/// <summary>Writes what a job family shows of its progress (trials, tasks) into a snapshot.</summary>
internal interface IJobOutputWriter
{
    /// <summary>How many units of work a job with this resource has.</summary>
    int CountUnits(IMessage resource);

    void Write(IMessage snapshot, JobStatus status, JobProgress progress);
}
