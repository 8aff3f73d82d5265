using Grpc.AspNetCore.Server.Model;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Hands Grpc.AspNetCore every bound method of the method table, so gRPC and
/// gRPC-Web calls run on the maintained server while each method keeps one
/// implementation for every transport. Methods a service leaves unbound are
/// not added: the library answers them UNIMPLEMENTED.
/// </summary>
internal sealed class ServedMethodProvider(GrpcMethodTable methods) : IServiceMethodProvider<ServedMethods>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ServedMethods> context)
    {
        foreach (var handler in methods.Handlers)
        {
            handler.AddTo(context);
        }
    }
}
