using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Reflection;

/// <summary><c>grpc.reflection.v1.ServerReflection</c>, answered by the package's implementation.</summary>
internal sealed class ServerReflectionService(ServerReflectionCatalog catalog) : IGrpcService
{
    public ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) =>
        binder.MapDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>(
            "ServerReflectionInfo",
            (requests, responses, context) => catalog.V1.ServerReflectionInfo(requests, responses, context)); // the catalog is built on first use
}
