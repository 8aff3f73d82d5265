using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc;

/// <summary>The descriptor of a generated message type, looked up once per type.</summary>
internal static class GrpcMethodTypes<T>
    where T : IMessage<T>
{
    public static readonly MessageDescriptor Descriptor = ((IMessage)Activator.CreateInstance<T>()).Descriptor;
}
