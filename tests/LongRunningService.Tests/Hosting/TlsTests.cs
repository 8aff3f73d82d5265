using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Rpc;
using LongRunningService.Hosting;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Hosting;

public sealed class TlsTests
{
    [Fact]
    public async Task Tls_CertificateConfigured_ServesGrpcOverAlpnH2AndHttp11()
    {
        var certificatePath = Path.Combine(Path.GetTempPath(), $"lrs-test-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(certificatePath, CreateSelfSignedPfx());
        try
        {
            await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?>
            {
                ["Server:TlsPort"] = "0",
                ["Server:CertificatePath"] = certificatePath,
            });
            var tls = server.GetService<ListeningEndpoints>().TlsEndPoint!;
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            using var h2 = new GrpcTestClient(new Uri($"https://{tls}"), handler);
            using var h1 = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
            {
                BaseAddress = new Uri($"https://{tls}"),
                DefaultRequestVersion = HttpVersion.Version11,
            };

            var grpc = await h2.CallForStatusAsync(ProtocolTestServer.Service + "Echo", new EchoRequest { Message = "secure" });
            using var plain = await h1.GetAsync("/nothing").DefaultTimeout();

            Assert.Equal(Code.Ok, grpc.StatusCode);
            Assert.Equal("secure", grpc.Single(EchoResponse.Parser).Message);
            Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
            Assert.Equal(new Version(1, 1), plain.Version);
        }
        finally
        {
            File.Delete(certificatePath);
        }
    }

    private static byte[] CreateSelfSignedPfx()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.Export(X509ContentType.Pfx);
    }
}
