using LongRunningService.Contracts;
using LongRunningService.Operations.Registry;
using Grpc.Core;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Operations;

/// <summary>Checks of the names Operations requests carry, with the errors Google's APIs give.</summary>
internal static class OperationRequests
{
    public const string ResourceType = "google.longrunning.Operation";

    public static string RequireOperationName(string name, string field = "name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw RpcErrors.RequiredField(field);
        }

        if (!OperationNames.TryParse(name, out _, out _))
        {
            throw RpcErrors.InvalidField(
                field,
                $"Operation name '{ClientText.Prefix(name)}' is malformed: expected 'operations/{{operation_id}}' or '{{parent}}/operations/{{operation_id}}'.");
        }

        return name;
    }

    public static string RequireCollection(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw RpcErrors.RequiredField("name");
        }

        if (!OperationNames.TryParseCollection(name, out var parent))
        {
            throw RpcErrors.InvalidField(
                "name",
                $"'{ClientText.Prefix(name)}' is not a valid parent for ListOperations: expected a resource name such as 'projects/my-project/locations/us-central1', or a collection such as 'operations'.");
        }

        return parent;
    }

    public static RpcException NotFound(string name) =>
        RpcErrors.NotFound(ResourceType, name, "Operation");
}
