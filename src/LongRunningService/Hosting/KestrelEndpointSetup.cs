using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LongRunningService.Configuration;
using LongRunningService.Protocol.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LongRunningService.Hosting;

/// <summary>Turns <see cref="ServerOptions"/> into Kestrel endpoints, refusing invalid settings by name.</summary>
internal static class KestrelEndpointSetup
{
    /// <summary>The TLS port, when there is one, and its certificate, loaded or made before Kestrel starts.</summary>
    internal sealed record TlsEndpoint(int Port, X509Certificate2 Certificate, string? TrustedPemPath);

    public static void Configure(KestrelServerOptions kestrel, ServerOptions options, SharedPort cleartext, TlsEndpoint? tls)
    {
        kestrel.AddServerHeader = false;

        // Kestrel holds request bodies to a minimum rate per HTTP/2 connection and ends the whole
        // connection when one stream falls short; RequestBodyRateMiddleware holds the same rate per request.
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.ListenShared(cleartext);
        if (tls is null)
        {
            return;
        }

        kestrel.Listen(ParseHost(options.Host), tls.Port, listen =>
        {
            // ALPN picks HTTP/2 for gRPC clients and HTTP/1.1 for the rest.
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(tls.Certificate);
        });
    }

    /// <summary>
    /// The TLS endpoint the options ask for, or null: a certificate file with a TLS port, or the
    /// self-signed certificate (whose TLS port, unless set, is the cleartext port plus one, or a free one).
    /// </summary>
    /// <exception cref="InvalidConfigurationException">A TLS port without a certificate, or a certificate that cannot be read.</exception>
    public static TlsEndpoint? PrepareTls(ServerOptions options, TimeProvider time)
    {
        if (options.TlsSelfSigned)
        {
            if (!string.IsNullOrEmpty(options.CertificatePath))
            {
                throw new InvalidConfigurationException("Server:TlsSelfSigned and Server:CertificatePath are both set; choose one (--tls-self-signed or --certificate).");
            }

            var port = options.TlsPort ?? (options.Port == 0 ? 0 : options.Port + 1);
            if (port > IPEndPoint.MaxPort)
            {
                throw new InvalidConfigurationException($"Server:TlsSelfSigned needs a TLS port: the port after {options.Port} is out of range, so set Server:TlsPort (--tls-port).");
            }

            var (certificate, pemPath) = SelfSignedCertificate.LoadOrCreate(options.TlsDirectory ?? SelfSignedCertificate.DefaultDirectory, time);
            return new TlsEndpoint(port, certificate, pemPath);
        }

        if (options.TlsPort is not { } tlsPort)
        {
            return null;
        }

        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            throw new InvalidConfigurationException("Server:TlsPort is set, so Server:CertificatePath must name a certificate file (or use Server:TlsSelfSigned, --tls-self-signed).");
        }

        return new TlsEndpoint(tlsPort, LoadCertificate(options), null);
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

    /// <summary>
    /// Refuses a port another program listens on before Kestrel tries it, so that case ends with one
    /// line naming the setting instead of the host's report of a failed start.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">The port is taken.</exception>
    public static void RequireFree(IPAddress address, int port, string setting)
    {
        if (port == 0)
        {
            return;
        }

        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (!OperatingSystem.IsWindows())
        {
            // As Kestrel binds: a port whose old connections linger in TIME_WAIT is free.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }

        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw PortUnavailable(address, port, setting, exception.SocketErrorCode == SocketError.AccessDenied);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new InvalidConfigurationException($"Server:Host '{address}' is not an address of this machine (--host).");
        }
    }

    public static InvalidConfigurationException PortUnavailable(IPAddress address, int port, string setting, bool denied) =>
        new(denied
            ? $"Port {port} on {address} ({setting}) may not be used by this user; choose another, or 0 for a free one."
            : $"Port {port} on {address} ({setting}) is already in use by another program; stop it, or choose another port (0 picks a free one).");

    private static X509Certificate2 LoadCertificate(ServerOptions options)
    {
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidConfigurationException($"Server:CertificatePath '{path}' does not exist.");
        }

        try
        {
            return options.CertificateKeyPath is { Length: > 0 } keyPath
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var what = options.CertificateKeyPath is { Length: > 0 } key
                ? $"Server:CertificatePath '{path}' with Server:CertificateKeyPath '{key}' is not a readable PEM certificate and key"
                : $"Server:CertificatePath '{path}' is not a readable PFX certificate (a PEM one needs Server:CertificateKeyPath; a PFX may need Server:CertificatePassword)";
            throw new InvalidConfigurationException($"{what}: {exception.Message.TrimEnd('.')}.");
        }
    }
}
