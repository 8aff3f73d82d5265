using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Carries the <c>Grpc</c> section's limits onto the library's options, and puts
/// <see cref="ServedCallInterceptor"/> first among the interceptors, whenever the others were added.
/// </summary>
internal sealed class ServedGrpcOptionsSetup(IOptions<GrpcServerOptions> options) : IConfigureOptions<GrpcServiceOptions>
{
    public void Configure(GrpcServiceOptions target)
    {
        var source = options.Value;
        target.MaxReceiveMessageSize = source.MaxReceiveMessageSize;
        target.MaxSendMessageSize = source.MaxSendMessageSize;
        target.EnableDetailedErrors = source.EnableDetailedErrors;
        target.Interceptors.Add<ServedCallInterceptor>();
        var served = target.Interceptors[^1];
        target.Interceptors.RemoveAt(target.Interceptors.Count - 1);
        target.Interceptors.Insert(0, served);
    }
}
