using System.Net;
using LongRunningService.Protocol.Hosting;

namespace LongRunningService.Hosting;

/// <summary>The addresses the server actually listens on, known once Kestrel has started.</summary>
internal sealed class ListeningEndpoints(SharedPort cleartext)
{
    public SharedPort Cleartext { get; } = cleartext;

    /// <summary>The bound cleartext address (with the real port when 0 was configured).</summary>
    public IPEndPoint CleartextEndPoint =>
        Cleartext.BoundEndPoint ?? throw new InvalidOperationException("The server has not started listening yet.");

    /// <summary>The bound TLS address, or null when no TLS port is configured.</summary>
    public IPEndPoint? TlsEndPoint { get; set; }

    /// <summary>The PEM of the self-signed certificate clients should trust, or null when the server did not make one.</summary>
    public string? TrustedPemPath { get; init; }
}
