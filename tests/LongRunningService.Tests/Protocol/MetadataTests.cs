using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Protocol;

public sealed class MetadataTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Fact]
    public async Task RequestMetadata_TextAndBinary_AreReadableByHandler()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallRawOkAsync(Echo, new EchoRequest(), EchoResponse.Parser, request =>
        {
            request.Headers.Add("x-custom", "value-1");
            request.Headers.Add("x-trace-bin", "AQID");
            request.Headers.Add("x-padded-bin", "AQIDBA==");
            request.Headers.Add("grpc-timeout", "10S");
        });

        Assert.Contains("x-custom=value-1", response.Metadata);
        Assert.Contains("x-trace-bin=AQID", response.Metadata);
        Assert.Contains("x-padded-bin=AQIDBA==", response.Metadata);
        Assert.DoesNotContain(response.Metadata, m => m.StartsWith("grpc-timeout", StringComparison.Ordinal));
        Assert.DoesNotContain(response.Metadata, m => m.StartsWith("content-type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResponseMetadata_HeadersAndTrailers_AreSent()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest());

        Assert.Equal(Code.Ok, result.StatusCode);
        Assert.Equal("from-headers", result.Headers.GetValues("echo-header").Single());
        Assert.Equal("from-trailers", result.Trailers.GetValues("echo-trailer").Single());
        Assert.Equal("AQID", result.Trailers.GetValues("echo-trailer-bin").Single());
    }
}
