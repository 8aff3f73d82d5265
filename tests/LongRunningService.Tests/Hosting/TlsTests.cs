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

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task SelfSigned_TrustingItsPemAlone_ServesGrpcAndRest(string host)
    {
        var folder = Directory.CreateTempSubdirectory("lrs-tls-").FullName;
        try
        {
            await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?>
            {
                ["Server:TlsSelfSigned"] = "true",
                ["Server:TlsDirectory"] = folder,
                ["Server:TlsPort"] = "0",
            });
            var endpoints = server.GetService<ListeningEndpoints>();
            var pem = Path.Combine(folder, "localhost.pem");
            using var trusted = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(pem));
            var address = new Uri($"https://{host}:{endpoints.TlsEndPoint!.Port}");

            using var h2 = new GrpcTestClient(address, TrustingOnly(trusted));
            using var h1 = new HttpClient(TrustingOnly(trusted)) { BaseAddress = address, DefaultRequestVersion = HttpVersion.Version11 };
            var grpc = await h2.CallRawAsync(ProtocolTestServer.Service + "Echo", new EchoRequest { Message = "trusted" });
            using var plain = await h1.GetAsync("/nothing").DefaultTimeout();

            Assert.Equal(pem, endpoints.TrustedPemPath);
            Assert.Equal(Code.Ok, grpc.StatusCode);
            Assert.Equal("trusted", grpc.Single(EchoResponse.Parser).Message);
            Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
            Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(pem), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "localhost.key.pem")));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task SelfSigned_SameFolder_ReusesTheCertificate()
    {
        var folder = Directory.CreateTempSubdirectory("lrs-tls-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Server:TlsSelfSigned"] = "true", ["Server:TlsDirectory"] = folder, ["Server:TlsPort"] = "0" };
            await using (await ProtocolTestServer.StartAsync(settings))
            {
            }

            var first = await File.ReadAllTextAsync(Path.Combine(folder, "localhost.pem"));
            await using var second = await ProtocolTestServer.StartAsync(settings);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.Equals(X509Certificate2.CreateFromPem(first)) },
            });
            using var answer = await client.GetAsync($"https://localhost:{second.GetService<ListeningEndpoints>().TlsEndPoint!.Port}/nothing").DefaultTimeout();

            Assert.Equal(first, await File.ReadAllTextAsync(Path.Combine(folder, "localhost.pem")));
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Validates the server's certificate against this one root only, as a client pointed at the PEM does.
    private static SocketsHttpHandler TrustingOnly(X509Certificate2 root)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { root },
        };
        return handler;
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
