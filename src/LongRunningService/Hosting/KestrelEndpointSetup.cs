using System.Net;
using System.Security.Cryptography.X509Certificates;
using LongRunningService.Configuration;
using LongRunningService.Protocol.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LongRunningService.Hosting;

/// <summary>Turns <see cref="ServerOptions"/> into Kestrel endpoints, refusing invalid settings by name.</summary>
internal static class KestrelEndpointSetup
{
    public static void Configure(KestrelServerOptions kestrel, ServerOptions options, SharedPort cleartext)
    {
        kestrel.AddServerHeader = false;

        // Kestrel holds request bodies to a minimum rate per HTTP/2 connection and ends the whole
        // connection when one stream falls short; RequestBodyRateMiddleware holds the same rate per request.
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.ListenShared(cleartext);
        if (options.TlsPort is not { } tlsPort)
        {
            return;
        }

        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            throw new InvalidConfigurationException("Server:TlsPort is set, so Server:CertificatePath must name a certificate file.");
        }

        var certificate = LoadCertificate(options);
        kestrel.Listen(ParseHost(options.Host), tlsPort, listen =>
        {
            // ALPN picks HTTP/2 for gRPC clients and HTTP/1.1 for the rest.
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        });
    }

    public static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new InvalidConfigurationException($"Server:Host '{host}' is not an IP address (use e.g. 127.0.0.1, ::1 or 0.0.0.0).");
    }

    private static X509Certificate2 LoadCertificate(ServerOptions options)
    {
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidConfigurationException($"Server:CertificatePath '{path}' does not exist.");
        }

        return options.CertificateKeyPath is { Length: > 0 } keyPath
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
    }
}
