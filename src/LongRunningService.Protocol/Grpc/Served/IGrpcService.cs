using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// A service implementation: the descriptor it serves and the handlers it
/// binds to the descriptor's methods. Methods it leaves unbound answer
/// UNIMPLEMENTED; binding a method the descriptor lacks stops start-up.
/// </summary>
internal interface IGrpcService
{
    ServiceDescriptor Descriptor { get; }

    void Bind(GrpcServiceBinder binder);
}
