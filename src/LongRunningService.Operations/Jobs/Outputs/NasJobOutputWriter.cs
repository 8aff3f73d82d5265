using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Operations.Jobs.Outputs;

/// <summary>
/// A NAS job runs its search trials one after another: finished trials are
/// SUCCEEDED with their times, the current one ACTIVE, and, if the job ends
/// early, the interrupted one INFEASIBLE. The trial count is the spec's
/// <c>max_trial_count</c> (3 when unset, at most 100).
/// </summary>
internal sealed class NasJobOutputWriter(MessageDescriptor nasJob) : IJobOutputWriter
{
    private const int DefaultTrials = 3;
    private const int MaxTrials = 100;

    private readonly MessageDescriptor _output = nasJob.FindFieldByName("nas_job_output").MessageType;

    public int CountUnits(IMessage resource)
    {
        var spec = resource.Descriptor.FindFieldByName("nas_job_spec").Accessor.GetValue(resource) as IMessage;
        var algorithm = spec?.Descriptor.FindFieldByName("multi_trial_algorithm_spec")?.Accessor.GetValue(spec) as IMessage;
        var search = algorithm?.Descriptor.FindFieldByName("search_trial_spec")?.Accessor.GetValue(algorithm) as IMessage;
        var count = search is null ? 0 : (int)search.Descriptor.FindFieldByName("max_trial_count").Accessor.GetValue(search);
        return count > 0 ? Math.Min(count, MaxTrials) : DefaultTrials;
    }

    public void Write(IMessage snapshot, JobStatus status, JobProgress progress)
    {
        if (status.StartTime is not { } started)
        {
            return;
        }

        var output = MessageFields.Child(snapshot, "nas_job_output");
        var multiTrial = MessageFields.Child(output, "multi_trial_job_output");
        var trialType = MessageFields.ElementType(_output.FindFieldByName("multi_trial_job_output").MessageType, "search_trials");
        var trials = MessageFields.List(multiTrial, "search_trials");
        var begin = started;
        for (var i = 0; i < progress.Finished.Count; i++)
        {
            trials.Add(Trial(trialType, i, "SUCCEEDED", begin, progress.Finished[i]));
            begin = progress.Finished[i];
        }

        if (progress.Finished.Count < progress.Units && status.State != JobLifecycleState.Succeeded)
        {
            var ended = status.State.IsTerminal();
            trials.Add(Trial(trialType, progress.Finished.Count, ended ? "INFEASIBLE" : "ACTIVE", begin, ended ? status.EndTime : null));
        }
    }

    private static IMessage Trial(MessageDescriptor type, int index, string state, DateTimeOffset start, DateTimeOffset? end)
    {
        var trial = MessageFields.New(type);
        MessageFields.Set(trial, "id", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        MessageFields.SetEnum(trial, "state", state);
        MessageFields.SetTime(trial, "start_time", start);
        MessageFields.SetTime(trial, "end_time", end);
        return trial;
    }
}
