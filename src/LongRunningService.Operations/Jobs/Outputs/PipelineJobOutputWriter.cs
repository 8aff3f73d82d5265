using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Operations.Jobs.Outputs;

/// <summary>
/// A pipeline job shows a root task for the run and one task per task of its
/// spec (<c>pipeline_spec.root.dag.tasks</c>, or one task when the spec names
/// none), run one after another: SUCCEEDED with times when done, RUNNING for
/// the current one, CANCELLED or FAILED for the one the job's end interrupted.
/// </summary>
internal sealed class PipelineJobOutputWriter(MessageDescriptor pipelineJob) : IJobOutputWriter
{
    private const int MaxTasks = 100;

    private readonly MessageDescriptor _taskType =
        pipelineJob.FindFieldByName("job_detail").MessageType.FindFieldByName("task_details").MessageType;

    public int CountUnits(IMessage resource) => TaskNames(resource).Count;

    public void Write(IMessage snapshot, JobStatus status, JobProgress progress)
    {
        if (status.StartTime is not { } started)
        {
            return;
        }

        var detail = MessageFields.Child(snapshot, "job_detail");
        var tasks = MessageFields.List(detail, "task_details");
        var names = TaskNames(snapshot);
        var displayName = (string)snapshot.Descriptor.FindFieldByName("display_name").Accessor.GetValue(snapshot);
        tasks.Add(Task(1, 0, displayName.Length > 0 ? displayName : "pipeline", RootState(status.State), started, status.EndTime));

        var begin = started;
        for (var i = 0; i < progress.Finished.Count && i < names.Count; i++)
        {
            tasks.Add(Task(i + 2, 1, names[i], "SUCCEEDED", begin, progress.Finished[i]));
            begin = progress.Finished[i];
        }

        if (progress.Finished.Count < names.Count && status.State != JobLifecycleState.Succeeded)
        {
            var state = status.State switch
            {
                JobLifecycleState.Cancelled => "CANCELLED",
                JobLifecycleState.Failed => "FAILED",
                JobLifecycleState.Cancelling => "CANCELLING",
                _ => "RUNNING",
            };
            tasks.Add(Task(progress.Finished.Count + 2, 1, names[progress.Finished.Count], state, begin, status.State.IsTerminal() ? status.EndTime : null));
        }
    }

    private static string RootState(JobLifecycleState state) => state switch
    {
        JobLifecycleState.Succeeded => "SUCCEEDED",
        JobLifecycleState.Failed => "FAILED",
        JobLifecycleState.Cancelled => "CANCELLED",
        JobLifecycleState.Cancelling => "CANCELLING",
        JobLifecycleState.Running => "RUNNING",
        _ => "PENDING",
    };

    private IMessage Task(long id, long parentId, string name, string state, DateTimeOffset start, DateTimeOffset? end)
    {
        var task = MessageFields.New(_taskType);
        MessageFields.Set(task, "task_id", id);
        MessageFields.Set(task, "parent_task_id", parentId);
        MessageFields.Set(task, "task_name", name);
        MessageFields.Set(task, "task_unique_name", name);
        MessageFields.SetTime(task, "create_time", start);
        MessageFields.SetTime(task, "start_time", start);
        MessageFields.SetTime(task, "end_time", end);
        MessageFields.SetEnum(task, "state", state);
        return task;
    }

    private static List<string> TaskNames(IMessage resource)
    {
        var spec = resource.Descriptor.FindFieldByName("pipeline_spec").Accessor.GetValue(resource) as Struct;
        var tasks = spec?.Fields.GetValueOrDefault("root")?.StructValue?.Fields.GetValueOrDefault("dag")?.StructValue?.Fields.GetValueOrDefault("tasks")?.StructValue;
        var names = tasks?.Fields.Keys.Order(StringComparer.Ordinal).Take(MaxTasks).ToList() ?? [];
        return names.Count > 0 ? names : ["train"];
    }
}
