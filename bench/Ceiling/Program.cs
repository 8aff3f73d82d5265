using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;

// Minimal responders, no routing, no parsing, no logging:
// - on --port (HTTP/2 prior knowledge), a unary gRPC answer: drains the request and
//   answers every path with one fixed GetOperation-sized message and grpc-status 0;
// - on --rest-port (HTTP/1.1), a REST answer: drains the request and answers every
//   path with a fixed GetOperation JSON body of the real server's size.
// Usage: dotnet Ceiling.dll --port 7480 --rest-port 7481 (0 picks a free port; the
// bound addresses are printed on stdout once it listens).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var port = builder.Configuration.GetValue("port", 7480);
var restPort = builder.Configuration.GetValue("rest-port", 7481);
ListenOptions? grpcListener = null;
ListenOptions? restListener = null;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        grpcListener = listen;
    });
    kestrel.Listen(IPAddress.Loopback, restPort, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        restListener = listen;
    });
});

var app = builder.Build();
app.Run(context => context.Request.Protocol == HttpProtocol.Http2
    ? FixedResponse.WriteAsync(context)
    : FixedJsonResponse.WriteAsync(context));
app.Lifetime.ApplicationStarted.Register(() =>
{
    // Kestrel writes the bound port back into each endpoint once it listens.
    Console.WriteLine($"ceiling: listening on http://{grpcListener!.IPEndPoint} (HTTP/2 prior knowledge)");
    Console.WriteLine($"ceiling: REST on http://{restListener!.IPEndPoint} (HTTP/1.1)");
});
app.Run();

internal static class FixedResponse
{
    private static readonly StringValues GrpcContentType = new("application/grpc");
    private static readonly StringValues StatusOk = new("0");

    // A google.longrunning.Operation as the real server returned it for GetOperation
    // (done, ScriptedOperationMetadata and google.protobuf.Empty packed in Any): 225 bytes.
    private static readonly byte[] Message =
    [
        0x0A, 0x39, 0x70, 0x72, 0x6F, 0x6A, 0x65, 0x63, 0x74, 0x73, 0x2F, 0x62, 0x65, 0x6E, 0x63, 0x68,
        0x2F, 0x6C, 0x6F, 0x63, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x73, 0x2F, 0x75, 0x73, 0x2D, 0x63, 0x65,
        0x6E, 0x74, 0x72, 0x61, 0x6C, 0x31, 0x2F, 0x6F, 0x70, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6F, 0x6E,
        0x73, 0x2F, 0x62, 0x65, 0x6E, 0x63, 0x68, 0x2D, 0x67, 0x65, 0x74, 0x12, 0x75, 0x0A, 0x45, 0x74,
        0x79, 0x70, 0x65, 0x2E, 0x67, 0x6F, 0x6F, 0x67, 0x6C, 0x65, 0x61, 0x70, 0x69, 0x73, 0x2E, 0x63,
        0x6F, 0x6D, 0x2F, 0x6C, 0x6F, 0x6E, 0x67, 0x72, 0x75, 0x6E, 0x6E, 0x69, 0x6E, 0x67, 0x2E, 0x65,
        0x6D, 0x75, 0x6C, 0x61, 0x74, 0x6F, 0x72, 0x2E, 0x76, 0x31, 0x2E, 0x53, 0x63, 0x72, 0x69, 0x70,
        0x74, 0x65, 0x64, 0x4F, 0x70, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x4D, 0x65, 0x74, 0x61,
        0x64, 0x61, 0x74, 0x61, 0x12, 0x2C, 0x08, 0x64, 0x12, 0x0C, 0x08, 0xB6, 0xF8, 0x87, 0xD8, 0x06,
        0x10, 0xDC, 0xCF, 0xB3, 0xE4, 0x02, 0x1A, 0x0C, 0x08, 0xB6, 0xF8, 0x87, 0xD8, 0x06, 0x10, 0x88,
        0x98, 0xB5, 0xE7, 0x02, 0x22, 0x0C, 0x08, 0xB6, 0xF8, 0x87, 0xD8, 0x06, 0x10, 0xA4, 0x9A, 0xB4,
        0xE7, 0x02, 0x18, 0x01, 0x2A, 0x2B, 0x0A, 0x29, 0x74, 0x79, 0x70, 0x65, 0x2E, 0x67, 0x6F, 0x6F,
        0x67, 0x6C, 0x65, 0x61, 0x70, 0x69, 0x73, 0x2E, 0x63, 0x6F, 0x6D, 0x2F, 0x67, 0x6F, 0x6F, 0x67,
        0x6C, 0x65, 0x2E, 0x70, 0x72, 0x6F, 0x74, 0x6F, 0x62, 0x75, 0x66, 0x2E, 0x45, 0x6D, 0x70, 0x74,
        0x79,
    ];

    // The length-prefixed message, framed once: flag 0, big-endian length, bytes.
    private static readonly byte[] Frame = BuildFrame(Message);

    public static async Task WriteAsync(HttpContext context)
    {
        await RequestDrain.DrainAsync(context);

        var response = context.Response;
        response.Headers.ContentType = GrpcContentType;
        await response.BodyWriter.WriteAsync(Frame, context.RequestAborted);
        response.AppendTrailer("grpc-status", StatusOk);
    }

    private static byte[] BuildFrame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}
