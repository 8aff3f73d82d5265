using System.Reflection;

namespace LongRunningService.Hosting;

/// <summary>
/// What the server says once it listens: its version, each address with what it serves, and the
/// PEM to trust when it made its own certificate. Written whole to a writer (the command's standard
/// output), whatever the log level, so <c>--port 0</c> with <c>--log-level Warning</c> still tells the
/// port; without a writer (a server built inside another program) it goes to the log at Information.
/// </summary>
internal sealed class StartupAnnouncement(TextWriter? output)
{
    public static string Version { get; } =
        typeof(StartupAnnouncement).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StartupAnnouncement).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    public static IReadOnlyList<string> Lines(ListeningEndpoints endpoints)
    {
        var lines = new List<string>
        {
            $"LongRunningService {Version}",
            $"Listening on http://{endpoints.CleartextEndPoint} (gRPC over HTTP/2 prior knowledge; gRPC-Web, Connect and REST over HTTP/1.1 and HTTP/2)",
        };
        if (endpoints.TlsEndPoint is { } tls)
        {
            lines.Add($"Listening on https://{tls} (TLS, ALPN h2 and http/1.1)");
        }

        if (endpoints.TrustedPemPath is { } pem)
        {
            lines.Add($"TLS certificate to trust (PEM): {pem} (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, SSL_CERT_FILE or NODE_EXTRA_CA_CERTS)");
        }

        return lines;
    }

    public void Announce(ListeningEndpoints endpoints, ILogger logger)
    {
        var lines = Lines(endpoints);
        if (output is null)
        {
            foreach (var line in lines)
            {
                logger.LogInformation("{Line}", line);
            }

            return;
        }

        output.Write(string.Join('\n', lines) + "\n");
        output.Flush();
    }
}
