using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Reflection;

/// <summary><c>grpc.reflection.v1.ServerReflection</c>, answered by <see cref="ServerReflectionResponder"/>.</summary>
internal sealed class ServerReflectionService(ServerReflectionResponder responder) : IGrpcService
{
    public ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) =>
        binder.MapDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", responder.RunAsync);
}
