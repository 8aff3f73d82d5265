using Google.Api;
using Google.Protobuf.Reflection;
using LongRunningService.Operations.Jobs;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// Recognises standard methods by their shape in the descriptor (AIP-131 to
/// AIP-135, and Vertex's custom Cancel): the verb prefix of the name, the
/// resource type in the request or response, and the return type.
/// </summary>
internal static class VertexMethodShapes
{
    private const string TrialDetail = "NasTrialDetail";

    public static (JobResourceType? Type, VertexMethodShape Shape) Match(MethodDescriptor method, IReadOnlyDictionary<string, JobResourceType> types)
    {
        var input = method.InputType;
        var output = method.OutputType;
        var byOutput = types.Values.FirstOrDefault(t => t.Descriptor == output);
        if (method.IsClientStreaming || method.IsServerStreaming)
        {
            return (null, VertexMethodShape.None);
        }

        // NasTrialDetail is no job of its own: it is read from its NAS job's output.
        if (types.Values.FirstOrDefault(t => t.Kind == "NasJob") is { } nas)
        {
            if (method.Name.StartsWith("Get", StringComparison.Ordinal) && output.Name == TrialDetail)
            {
                return (nas, VertexMethodShape.GetTrialDetail);
            }

            if (method.Name.StartsWith("List", StringComparison.Ordinal)
                && output.Fields.InDeclarationOrder().Any(f => f.IsRepeated && f.FieldType == FieldType.Message && f.MessageType.Name == TrialDetail))
            {
                return (nas, VertexMethodShape.ListTrialDetails);
            }
        }

        if (output.FullName == "google.longrunning.Operation" && input.FindFieldByName("names") is { IsRepeated: true } names
            && names.GetOptions()?.GetExtension(ResourceExtensions.ResourceReference) is { } batchReference
            && types.TryGetValue(batchReference.Type, out var batched))
        {
            if (method.Name.StartsWith("BatchCancel", StringComparison.Ordinal))
            {
                return (batched, VertexMethodShape.BatchCancel);
            }

            if (method.Name.StartsWith("BatchDelete", StringComparison.Ordinal))
            {
                return (batched, VertexMethodShape.BatchDelete);
            }
        }

        if (method.Name.StartsWith("Create", StringComparison.Ordinal) && byOutput is not null
            && input.FindFieldByName("parent") is not null
            && input.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.Message && f.MessageType == byOutput.Descriptor))
        {
            return (byOutput, VertexMethodShape.Create);
        }

        if (method.Name.StartsWith("Get", StringComparison.Ordinal) && byOutput is not null && NamedType(input, types) == byOutput)
        {
            return (byOutput, VertexMethodShape.Get);
        }

        if (method.Name.StartsWith("List", StringComparison.Ordinal) && input.FindFieldByName("parent") is not null
            && output.FindFieldByName("next_page_token") is not null
            && types.Values.FirstOrDefault(t => output.Fields.InDeclarationOrder().Any(f => f.IsRepeated && f.FieldType == FieldType.Message && f.MessageType == t.Descriptor)) is { } listed)
        {
            return (listed, VertexMethodShape.List);
        }

        if (method.Name.StartsWith("Cancel", StringComparison.Ordinal) && output.FullName == "google.protobuf.Empty" && NamedType(input, types) is { } cancelled)
        {
            return (cancelled, VertexMethodShape.Cancel);
        }

        if (method.Name.StartsWith("Delete", StringComparison.Ordinal) && output.FullName == "google.longrunning.Operation" && NamedType(input, types) is { } deleted)
        {
            return (deleted, VertexMethodShape.Delete);
        }

        return (null, VertexMethodShape.None);
    }

    // The job type a request's `name` field refers to (google.api.resource_reference).
    private static JobResourceType? NamedType(MessageDescriptor input, IReadOnlyDictionary<string, JobResourceType> types)
    {
        var reference = input.FindFieldByName("name")?.GetOptions()?.GetExtension(ResourceExtensions.ResourceReference);
        return reference is not null && types.TryGetValue(reference.Type, out var type) ? type : null;
    }
}
