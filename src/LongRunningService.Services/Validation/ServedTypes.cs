using Google.Protobuf.Reflection;

namespace LongRunningService.Services.Validation;

/// <summary>
/// The message types this server can describe, and so write in proto3 JSON
/// inside an <c>Any</c>: those of the served APIs' files and their imports,
/// the well-known types and google.rpc's status and error details. A REST or
/// Connect layer must know at least these.
/// </summary>
internal static class ServedTypes
{
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(
    [
        Google.LongRunning.OperationsReflection.Descriptor,
        LongRunning.Emulator.V1.OperationsEmulatorReflection.Descriptor,
        LongRunning.Emulator.V1.EmulatorControlReflection.Descriptor,
        .. Vertex.VertexJobCatalog.Services.Select(service => service.File),
        Google.Cloud.Optimization.V1.FleetRoutingReflection.Descriptor,
        Google.Maps.RouteOptimization.V1.RouteOptimizationServiceReflection.Descriptor,
        .. Protocol.Transcoding.RestJson.AlwaysKnown,
    ]);
}
