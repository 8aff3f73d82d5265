using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Says which descriptor a served service is mapped with: the same methods and
/// messages, possibly with other options (the REST layer's HTTP rules). Without
/// one, each service is mapped with its own descriptor.
/// </summary>
internal interface IServedDescriptorSource
{
    ServiceDescriptor ServedDescriptorOf(ServiceDescriptor service);
}
