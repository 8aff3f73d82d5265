using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace LongRunningService.Protocol.Reflection;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflection</c>, for clients that know only
/// the older version. Its messages are v1's under another package, byte for
/// byte, so each one is re-read as its v1 twin and the v1 responder answers.
/// </summary>
internal sealed class ServerReflectionV1AlphaService(ServerReflectionResponder responder) : IGrpcService
{
    public ServiceDescriptor Descriptor => V1Alpha.ReflectionReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) =>
        binder.MapDuplexStreaming<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>(
            "ServerReflectionInfo",
            (requests, responses, context) => responder.RunAsync(
                new WireCompatibleStreamReader<V1Alpha.ServerReflectionRequest, V1.ServerReflectionRequest>(requests, V1.ServerReflectionRequest.Parser),
                new WireCompatibleStreamWriter<V1.ServerReflectionResponse, V1Alpha.ServerReflectionResponse>(responses, V1Alpha.ServerReflectionResponse.Parser),
                context));
}
