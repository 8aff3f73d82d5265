using System.Buffers.Binary;
using System.Net.Http.Headers;
using Google.Rpc;
using Grpc.Health.V1;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LongRunningService.Tests.Health;

public sealed class HealthServiceTests
{
    private const string Check = "/grpc.health.v1.Health/Check";
    private const string List = "/grpc.health.v1.Health/List";
    private const string Watch = "/grpc.health.v1.Health/Watch";

    [Theory]
    [InlineData("")]
    [InlineData("google.longrunning.Operations")]
    [InlineData("grpc.health.v1.Health")]
    [InlineData("grpc.reflection.v1.ServerReflection")]
    public async Task Check_ServerOrServedService_ReturnsServing(string service)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallAsync(Check, new HealthCheckRequest { Service = service }, HealthCheckResponse.Parser);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_FailsNotFound()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Check, new HealthCheckRequest { Service = "google.longrunning.Nope" });

        Assert.Equal(Code.NotFound, result.StatusCode);
        Assert.Equal("Service 'google.longrunning.Nope' is not served here.", result.GrpcMessage);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task Check_HugeUnknownServiceName_QuotesOnlyItsStart()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var name = new string('9', 100_000);

        var result = await client.CallRawAsync(Check, new HealthCheckRequest { Service = name });

        Assert.Equal(Code.NotFound, result.StatusCode);
        Assert.StartsWith("Service '9999", result.GrpcMessage, StringComparison.Ordinal);
        Assert.True(result.GrpcMessage!.Length < 300, $"{result.GrpcMessage.Length} characters quoted");
    }

    [Fact]
    public async Task List_WhileServing_ReportsTheServerAndEveryServedServiceServing()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.CallAsync(List, new HealthListRequest(), HealthListResponse.Parser);

        var expected = server.GetService<GrpcMethodTable>().Services.Select(s => s.FullName).Prepend(string.Empty);
        Assert.Equal(expected.Order(StringComparer.Ordinal), response.Statuses.Keys.Order(StringComparer.Ordinal));
        Assert.All(response.Statuses.Values, status => Assert.Equal(ServingStatus.Serving, status.Status));
    }

    [Fact]
    public async Task Watch_ShutdownBegins_SendsServingThenNotServingThenEndsUnavailable()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        using var response = await StartWatchAsync(client, "google.longrunning.Operations");
        var stream = await response.Content.ReadAsStreamAsync().DefaultTimeout();

        var first = await ReadStatusAsync(stream);
        server.GetService<IHostApplicationLifetime>().StopApplication();
        var second = await ReadStatusAsync(stream);
        var end = await ReadStatusAsync(stream);

        Assert.Equal(ServingStatus.Serving, first);
        Assert.Equal(ServingStatus.NotServing, second);
        Assert.Null(end);
        Assert.Equal(((int)Code.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture), response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Watch_UnknownService_SendsServiceUnknownAndKeepsTheStreamOpen()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        using var response = await StartWatchAsync(client, "google.longrunning.Nope");
        var stream = await response.Content.ReadAsStreamAsync().DefaultTimeout();

        var first = await ReadStatusAsync(stream);
        // Still open until shutdown ends it; the unknown service has no status to change to.
        server.GetService<IHostApplicationLifetime>().StopApplication();
        var end = await ReadStatusAsync(stream);

        Assert.Equal(ServingStatus.ServiceUnknown, first);
        Assert.Null(end);
        Assert.Equal(((int)Code.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture), response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    private static async Task<HttpResponseMessage> StartWatchAsync(GrpcTestClient client, string service)
    {
        var body = new ByteArrayContent(GrpcFrames.Frame(new HealthCheckRequest { Service = service }));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, Watch)
        {
            Content = body,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
    }

    // One message off a response stream as it arrives; null once the stream has ended.
    private static async Task<ServingStatus?> ReadStatusAsync(Stream stream)
    {
        var header = new byte[5];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false).AsTask().DefaultTimeout();
        if (read == 0)
        {
            return null;
        }

        Assert.Equal(header.Length, read);
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
        await stream.ReadExactlyAsync(payload).AsTask().DefaultTimeout();
        return HealthCheckResponse.Parser.ParseFrom(payload).Status;
    }
}
