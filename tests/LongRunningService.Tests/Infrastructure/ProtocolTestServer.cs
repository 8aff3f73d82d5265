using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Tests.TestServices;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>A <see cref="TestServer"/> that also serves <see cref="ProtocolTestService"/>.</summary>
internal static class ProtocolTestServer
{
    public const string Service = "/longrunning.tests.v1.ProtocolTest/";

    public static Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null) =>
        TestServer.StartAsync(settings, services =>
        {
            services.AddSingleton<ProtocolTestService>();
            services.AddSingleton<IGrpcService>(sp => sp.GetRequiredService<ProtocolTestService>());
        });
}
