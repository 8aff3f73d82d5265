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

    /// <summary>
    /// Starts building the served APIs' descriptors on the thread pool, one API version per
    /// thread. Vertex AI's files and their imports take most of the server's start-up to build;
    /// the host calls this first, so they are built while it sets up the rest.
    /// </summary>
    public static void StartBuilding()
    {
        Build(() => Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1Beta1.JobServiceReflection.Descriptor);
        Build(() => Google.Maps.RouteOptimization.V1.RouteOptimizationServiceReflection.Descriptor);

        // Building is the types' static initialisation: whichever thread needs a descriptor first
        // builds it and the others wait for it, and a failure surfaces where the descriptor is used.
        static void Build(Func<FileDescriptor> descriptor) => ThreadPool.UnsafeQueueUserWorkItem(
            static descriptor =>
            {
                try
                {
                    _ = descriptor();
                }
                catch (TypeInitializationException)
                {
                }
            },
            descriptor,
            preferLocal: false);
    }
}
