using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Reflection;

/// <summary><c>grpc.reflection.v1alpha.ServerReflection</c>, for clients that know only the older version.</summary>
internal sealed class ServerReflectionV1AlphaService(ServerReflectionCatalog catalog) : IGrpcService
{
    public ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) =>
        binder.MapDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>(
            "ServerReflectionInfo",
            (requests, responses, context) => catalog.V1Alpha.ServerReflectionInfo(requests, responses, context)); // the catalog is built on first use
}
