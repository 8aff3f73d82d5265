using System.Net;
using System.Net.Sockets;
using System.Text;
using LongRunningService.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LongRunningService.Tests.Operating;

/// <summary>Metrics pushed over OTLP only when a collector is configured; a fake collector on loopback receives them.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task NoEndpoint_BuildsNoExporter()
    {
        await using var server = await TestServer.StartAsync();

        Assert.Null(server.Services.GetService(typeof(MeterProvider)));
    }

    [Fact]
    public async Task HttpProtobufEndpoint_FlushPostsMetricsToTheCollector()
    {
        using var collector = new TcpListener(IPAddress.Loopback, 0);
        collector.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)collector.LocalEndpoint).Port}";
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = endpoint,
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        var provider = (MeterProvider)server.Services.GetService(typeof(MeterProvider))!;
        var received = ReceiveOneRequestAsync(collector);

        var flushed = await Task.Run(() => provider.ForceFlush((int)TestTimeouts.Default.TotalMilliseconds)).DefaultTimeout();
        var requestHead = await received.DefaultTimeout();

        Assert.True(flushed);
        Assert.StartsWith("POST /v1/metrics HTTP/1.1\r\n", requestHead, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/x-protobuf", requestHead, StringComparison.OrdinalIgnoreCase);
    }

    // Reads one HTTP request's head and body, answers 200, and returns the head.
    private static async Task<string> ReceiveOneRequestAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "The exporter closed the connection before sending a request.");
            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Count - headEnd - 4 < length)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "The exporter closed the connection in the middle of its request.");
            received.AddRange(buffer.AsSpan(0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        return head;
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
