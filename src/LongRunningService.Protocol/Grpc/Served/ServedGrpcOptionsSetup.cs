using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Carries the <c>Grpc</c> section's limits onto the library's options.</summary>
internal sealed class ServedGrpcOptionsSetup(IOptions<GrpcServerOptions> options) : IConfigureOptions<GrpcServiceOptions>
{
    public void Configure(GrpcServiceOptions target)
    {
        var source = options.Value;
        target.MaxReceiveMessageSize = source.MaxReceiveMessageSize;
        target.MaxSendMessageSize = source.MaxSendMessageSize;
        target.EnableDetailedErrors = source.EnableDetailedErrors;
    }
}
