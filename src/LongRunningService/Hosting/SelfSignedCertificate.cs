using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LongRunningService.Configuration;

namespace LongRunningService.Hosting;

/// <summary>
/// The certificate of <c>--tls-self-signed</c>: made for <c>localhost</c>,
/// <c>127.0.0.1</c> and <c>::1</c>, kept in a folder as PEM (the certificate,
/// which clients are told to trust, and its private key, readable by its owner
/// only), and reused from there while it has more than a day to run.
/// </summary>
internal static class SelfSignedCertificate
{
    public const string CertificateFileName = "localhost.pem";
    public const string KeyFileName = "localhost.key.pem";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    /// <summary>The folder used when none is configured: one per user in the temporary directory.</summary>
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), $"longrunningservice-tls-{Environment.UserName}");

    /// <summary>Reuses the certificate in <paramref name="directory"/> or makes one there; returns it with the path of its PEM.</summary>
    /// <exception cref="InvalidConfigurationException">The folder cannot be written, or holds files that are not a certificate and its key.</exception>
    public static (X509Certificate2 Certificate, string PemPath) LoadOrCreate(string directory, TimeProvider time)
    {
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        try
        {
            if (File.Exists(certificatePath) && File.Exists(keyPath))
            {
                var kept = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
                if (kept.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
                {
                    return (kept, certificatePath);
                }

                kept.Dispose();
            }

            var created = Create(time.GetUtcNow());
            Write(directory, certificatePath, keyPath, created);
            return (created, certificatePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidConfigurationException(
                $"The self-signed certificate in '{directory}' (Server:TlsDirectory, --tls-dir) could not be {(File.Exists(certificatePath) ? "read or renewed" : "written")}: {exception.Message}");
        }
    }

    private static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
    }

    // Each file is written whole under a temporary name, then renamed, so a server starting at the same
    // moment reads either the old pair or the new one; the key is readable by its owner only.
    private static void Write(string directory, string certificatePath, string keyPath, X509Certificate2 certificate)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        using var key = certificate.GetECDsaPrivateKey()!;
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        WriteAtomically(certificatePath, certificate.ExportCertificatePem() + "\n", ownerOnly: false);
    }

    private static void WriteAtomically(string path, string text, bool ownerOnly)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
