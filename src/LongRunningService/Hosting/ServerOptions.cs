namespace LongRunningService.Hosting;

/// <summary>Where the server listens, bound from the <c>Server</c> configuration section.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Server";

    /// <summary>The address to bind. Default 127.0.0.1 (loopback only); 0.0.0.0 or :: opens it to the network.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// The cleartext port for every protocol: gRPC over HTTP/2 (prior knowledge)
    /// and HTTP/1.1, told apart per connection. Default 7470; 0 picks a free port.
    /// </summary>
    public int Port { get; set; } = 7470;

    /// <summary>The TLS port (ALPN h2 and http/1.1). Null (the default) means no TLS port; 0 picks a free port.</summary>
    public int? TlsPort { get; set; }

    /// <summary>Path of the PFX or PEM certificate for the TLS port. Required when <see cref="TlsPort"/> is set.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PFX certificate, or path of the PEM key file. Null when none is needed.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>PEM private key path, when <see cref="CertificatePath"/> is a PEM certificate. Null for PFX.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Serve TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start or reused
    /// from <see cref="TlsDirectory"/>, whose PEM clients can be told to trust. Default false.
    /// </summary>
    public bool TlsSelfSigned { get; set; }

    /// <summary>Folder that keeps the self-signed certificate between runs; null: a folder in the temporary directory.</summary>
    public string? TlsDirectory { get; set; }
}
