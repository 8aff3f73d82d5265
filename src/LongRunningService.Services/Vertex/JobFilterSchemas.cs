using System.Collections.Concurrent;
using LongRunningService.Operations.Filtering;
using LongRunningService.Operations.Jobs;

namespace LongRunningService.Services.Vertex;

/// <summary>The fields a List filter may name for each job type (Vertex's list of filter fields), made once per type.</summary>
internal static class JobFilterSchemas
{
    // Plain string fields some job types have and Vertex lets filters name.
    private static readonly string[] OptionalStringFields = ["template_uri", "training_task_definition", "pipeline_job_user_id"];

    private static readonly ConcurrentDictionary<JobResourceType, FilterSchema<SimulatedJob>> Schemas = new();

    public static FilterSchema<SimulatedJob> For(JobResourceType type) => Schemas.GetOrAdd(type, Build);

    private static FilterSchema<SimulatedJob> Build(JobResourceType type)
    {
        var schema = new FilterSchema<SimulatedJob>()
            .AddString("display_name", job => job.Type.GetString(job.Snapshot, "display_name"))
            .AddEnum("state", job => job.Type.StateName(job.Status.State), type.StateNames)
            .AddTimestamp("create_time", job => job.Status.CreateTime)
            .AddTimestamp("update_time", job => job.Status.UpdateTime)
            .AddTimestamp("start_time", job => job.Status.StartTime)
            .AddTimestamp("end_time", job => job.Status.EndTime)
            .AddMap("labels", job => job.Type.Labels(job.Snapshot));
        foreach (var field in OptionalStringFields.Where(f => type.Descriptor.FindFieldByName(f) is not null))
        {
            schema.AddString(field, job => job.Type.GetString(job.Snapshot, field));
        }

        return schema;
    }
}
