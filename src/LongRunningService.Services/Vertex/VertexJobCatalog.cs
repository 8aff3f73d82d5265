using Google.Protobuf.Reflection;
using LongRunningService.Operations.Jobs;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// The Vertex AI services this server emulates, and the job types they hold
/// by message name (v1 and v1beta1 alike), so a job can be loaded from its
/// <c>Any</c> without the service that made it.
/// </summary>
internal static class VertexJobCatalog
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        Google.Cloud.AIPlatform.V1.PipelineServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1Beta1.PipelineServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1Beta1.JobServiceReflection.Descriptor.Services[0],
    ];

    private static readonly Lazy<Dictionary<string, JobResourceType>> ByMessage = new(() => Services
        .SelectMany(service => VertexJobService.JobTypesOf(service.File).Values)
        .DistinctBy(type => type.Descriptor.FullName)
        .ToDictionary(type => type.Descriptor.FullName, StringComparer.Ordinal));

    /// <summary>Full names of the job messages, e.g. <c>google.cloud.aiplatform.v1.PipelineJob</c>.</summary>
    public static IEnumerable<string> MessageNames => ByMessage.Value.Keys.Order(StringComparer.Ordinal);

    public static JobResourceType? ForMessage(string fullName) => ByMessage.Value.GetValueOrDefault(fullName);
}
