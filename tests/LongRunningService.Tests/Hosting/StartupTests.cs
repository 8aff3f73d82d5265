using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using LongRunningService.Configuration;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Startup_HandlerForMethodTheDescriptorLacks_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestServer.StartAsync(services: s => s.AddSingleton<IGrpcService, MisboundService>()));

        Assert.Equal("Cannot bind 'Missing': service 'longrunning.tests.v1.ProtocolTest' declares no such method.", error.Message);
    }

    [Fact]
    public async Task Startup_HandlerWithWrongCallType_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestServer.StartAsync(services: s => s.AddSingleton<IGrpcService, WrongCallTypeService>()));

        Assert.StartsWith("Cannot bind 'longrunning.tests.v1.ProtocolTest/Expand': the handler's call type does not match", error.Message);
    }

    [Fact]
    public async Task Startup_TlsPortWithoutCertificate_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Server:TlsPort"] = "0" }));

        Assert.Equal("Server:TlsPort is set, so Server:CertificatePath must name a certificate file (or use Server:TlsSelfSigned, --tls-self-signed).", error.Message);
    }

    [Fact]
    public async Task Startup_HostThatIsNotAnAddress_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Server:Host"] = "not-an-ip" }));

        Assert.Equal("Server:Host 'not-an-ip' is not an IP address (use e.g. 127.0.0.1, ::1 or 0.0.0.0).", error.Message);
    }

    private sealed class MisboundService : IGrpcService
    {
        public ServiceDescriptor Descriptor => ProtocolTestReflection.Descriptor.Services[0];

        public void Bind(GrpcServiceBinder binder) =>
            binder.MapUnary<EchoRequest, EchoResponse>("Missing", (r, c) => Task.FromResult(new EchoResponse()));
    }

    private sealed class WrongCallTypeService : IGrpcService
    {
        public ServiceDescriptor Descriptor => ProtocolTestReflection.Descriptor.Services[0];

        public void Bind(GrpcServiceBinder binder) =>
            binder.MapUnary<EchoRequest, EchoResponse>("Expand", (r, c) => Task.FromResult(new EchoResponse()));
    }
}
