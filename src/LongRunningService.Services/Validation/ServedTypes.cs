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

    // Apart from Registry: reading a static field of this class would build every descriptor at once, on the caller's thread.
    private static class Started { public static int Once; }

    /// <summary>
    /// Starts building the served APIs' descriptors on the thread pool, in chunks of files that
    /// do not import one another. Vertex AI's files and their imports take most of the server's
    /// start-up to build; the server command calls this before anything else (and the host again,
    /// which does nothing the second time), so they are built while the host is set up.
    /// </summary>
    public static void StartBuilding()
    {
        if (Interlocked.Exchange(ref Started.Once, 1) != 0)
        {
            return;
        }

        // Each Vertex AI version: its job files first, apart, then the services that import them.
        Build(() => Google.Cloud.AIPlatform.V1.CustomJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1.HyperparameterTuningJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1.BatchPredictionJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1.NasJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1.ModelDeploymentMonitoringJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1.DataLabelingJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor, () => Google.Cloud.AIPlatform.V1.PipelineServiceReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1Beta1.CustomJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1Beta1.HyperparameterTuningJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1Beta1.BatchPredictionJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1Beta1.NasJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1Beta1.ModelDeploymentMonitoringJobReflection.Descriptor, () => Google.Cloud.AIPlatform.V1Beta1.DataLabelingJobReflection.Descriptor);
        Build(() => Google.Cloud.AIPlatform.V1Beta1.JobServiceReflection.Descriptor, () => Google.Cloud.AIPlatform.V1Beta1.PipelineServiceReflection.Descriptor);
        Build(() => Google.Cloud.Optimization.V1.FleetRoutingReflection.Descriptor, () => Google.Maps.RouteOptimization.V1.RouteOptimizationServiceReflection.Descriptor);
        Build(() => Google.LongRunning.OperationsReflection.Descriptor, () => LongRunning.Emulator.V1.EmulatorControlReflection.Descriptor);

        // Building is the types' static initialisation: whichever thread needs a descriptor first
        // builds it and the others wait for it, and a failure surfaces where the descriptor is used.
        static void Build(params Func<FileDescriptor>[] descriptors) => ThreadPool.UnsafeQueueUserWorkItem(
            static descriptors =>
            {
                foreach (var descriptor in descriptors)
                {
                    try
                    {
                        _ = descriptor();
                    }
                    catch (TypeInitializationException)
                    {
                    }
                }
            },
            descriptors,
            preferLocal: false);
    }
}
