namespace LongRunningService.Operations.Jobs.Outputs;

/// <summary>The output writer of each job family that shows progress; others show none.</summary>
internal static class JobOutputWriters
{
    public static IJobOutputWriter? For(JobResourceType type) => type.Kind switch
    {
        "NasJob" => new NasJobOutputWriter(type.Descriptor),
        "PipelineJob" => new PipelineJobOutputWriter(type.Descriptor),
        _ => null,
    };
}
