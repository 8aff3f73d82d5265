using System.Collections.Frozen;
using Google.Cloud.Optimization.V1;
using Google.LongRunning;
using Google.Maps.RouteOptimization.V1;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Vertex;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// The API of an operation loaded from saved state, which does not record it:
/// the API whose proto package declares the operation's metadata type (else its
/// response type), as its REST clients would decode it. Null for types of no
/// served API, such as the emulator's own.
/// </summary>
internal static class LoadedOperationApis
{
    private static readonly FrozenDictionary<string, string> ByPackage = VertexJobCatalog.Services
        .Append(FleetRoutingReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FleetRouting"))
        .Append(RouteOptimizationServiceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("RouteOptimization"))
        .DistinctBy(s => s.File.Package)
        .ToFrozenDictionary(s => s.File.Package, ApiNames.Of, StringComparer.Ordinal);

    public static string? Of(Operation operation) => ApiOf(operation.Metadata) ?? ApiOf(operation.Response);

    private static string? ApiOf(Any? any)
    {
        if (any is null)
        {
            return null;
        }

        var typeName = Any.GetTypeName(any.TypeUrl);
        var dot = typeName.LastIndexOf('.');
        return dot > 0 && ByPackage.TryGetValue(typeName[..dot], out var api) ? api : null;
    }
}
