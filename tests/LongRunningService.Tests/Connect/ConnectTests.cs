using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.Connect;

public sealed class ConnectTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";
    private const string Expand = ProtocolTestServer.Service + "Expand";
    private const string Chat = ProtocolTestServer.Service + "Chat";
    private const byte EndStreamFlag = 0x02;

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task ConnectUnary_Proto_ReturnsBareMessageWithMetadataHeaders(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));

        var response = await client.PostAsync(
            Echo, "application/proto", new ByteArrayContent(new EchoRequest { Message = "hi" }.ToByteArray()), r => r.Headers.Add("connect-protocol-version", "1"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/proto", response.Header("content-type"));
        Assert.Equal("hi", EchoResponse.Parser.ParseFrom(response.Body).Message);
        Assert.Equal("from-headers", response.Header("echo-header"));
        Assert.Equal("from-trailers", response.Header("trailer-echo-trailer"));
        Assert.Equal("AQID", response.Header("trailer-echo-trailer-bin"));
    }

    [Fact]
    public async Task ConnectUnary_Json_ParsesAndWritesProto3Json()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(Echo, "application/json", new StringContent("""{"message":"json hi","paddingBytes":2}"""));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.Header("content-type"));
        var echoed = JsonParser.Default.Parse<EchoResponse>(response.Text);
        Assert.Equal("json hi", echoed.Message);
        Assert.Equal(2, echoed.Padding.Length);
    }

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task ConnectUnary_Error_IsHttpStatusAndJsonWithCodeNameAndDetails(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));
        var request = new EchoRequest { Message = "it's gone", FailWithCode = (int)Code.NotFound, WithDetails = true };

        var response = await client.PostAsync(Echo, "application/proto", new ByteArrayContent(request.ToByteArray()));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/json", response.Header("content-type"));
        using var error = JsonDocument.Parse(response.Body);
        Assert.Equal("not_found", error.RootElement.GetProperty("code").GetString());
        Assert.Equal("it's gone", error.RootElement.GetProperty("message").GetString());
        var detail = error.RootElement.GetProperty("details")[0];
        Assert.Equal("google.rpc.BadRequest", detail.GetProperty("type").GetString());
        var value = detail.GetProperty("value").GetString()!;
        Assert.DoesNotContain("=", value);
        var badRequest = BadRequest.Parser.ParseFrom(Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=')));
        Assert.Equal("message", badRequest.FieldViolations[0].Field);
    }

    [Theory]
    [InlineData(Code.Cancelled, 499, "canceled")]
    [InlineData(Code.InvalidArgument, 400, "invalid_argument")]
    [InlineData(Code.FailedPrecondition, 400, "failed_precondition")]
    [InlineData(Code.Unimplemented, 501, "unimplemented")]
    [InlineData(Code.Unavailable, 503, "unavailable")]
    [InlineData(Code.Unauthenticated, 401, "unauthenticated")]
    public async Task ConnectUnary_ErrorCodes_UseConnectNamesAndHttpStatuses(Code code, int httpStatus, string name)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(Echo, "application/json", new StringContent($$"""{"failWithCode":{{(int)code}},"message":"m"}"""));

        Assert.Equal(httpStatus, (int)response.Status);
        Assert.Equal(name, JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConnectUnary_TimeoutPasses_ReturnsDeadlineExceeded()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version20);

        var response = await client.PostAsync(
            Echo, "application/proto", new ByteArrayContent(new EchoRequest { DelayMs = 30_000 }.ToByteArray()), r => r.Headers.Add("connect-timeout-ms", "100"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);
        Assert.Equal("deadline_exceeded", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConnectUnary_TimeoutSeen_AsTheCallsDeadline()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(
            Echo, "application/proto", new ByteArrayContent(new EchoRequest().ToByteArray()), r => r.Headers.Add("connect-timeout-ms", "60000"));

        var deadlineMs = EchoResponse.Parser.ParseFrom(response.Body).DeadlineMs;
        Assert.InRange(deadlineMs, 1, 60_000);
    }

    [Fact]
    public async Task ConnectUnary_MalformedTimeout_ReturnsInvalidArgument()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(Echo, "application/proto", new ByteArrayContent([]), r => r.Headers.Add("connect-timeout-ms", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_argument", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConnectUnary_GzipRequestBody_IsInflated()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(new EchoRequest { Message = "zipped" }.ToByteArray());
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await client.PostAsync(Echo, "application/proto", content);

        Assert.Equal("zipped", EchoResponse.Parser.ParseFrom(response.Body).Message);
    }

    [Fact]
    public async Task ConnectUnary_UnknownMethod_ReturnsUnimplemented_AndRestPathsStillGoToRest()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var unknown = await client.PostAsync(ProtocolTestServer.Service + "Nope", "application/json", new StringContent("{}"));
        var rest = await client.PostAsync("/v1/operations/missing:cancel", "application/json", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotImplemented, unknown.Status);
        Assert.Equal("unimplemented", JsonDocument.Parse(unknown.Body).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, rest.Status);
        Assert.Equal("NOT_FOUND", JsonDocument.Parse(rest.Body).RootElement.GetProperty("error").GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(WebTestClient.Versions), MemberType = typeof(WebTestClient))]
    public async Task ConnectStreaming_ServerStream_SendsEnvelopesThenEndOfStream(string version)
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, Version.Parse(version));

        var response = await client.PostAsync(Expand, "application/connect+proto", new ByteArrayContent(GrpcFrames.Frame(new EchoRequest { Message = "s", Count = 3 })));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/connect+proto", response.Header("content-type"));
        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(["s-0", "s-1", "s-2"], envelopes[..3].Select(e => EchoResponse.Parser.ParseFrom(e.Payload).Message));
        Assert.Equal(EndStreamFlag, envelopes[3].Flags);
        Assert.False(JsonDocument.Parse(envelopes[3].Payload).RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task ConnectStreaming_Failure_EndOfStreamCarriesErrorEvenBeforeAnyMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var request = new EchoRequest { Message = "nope", FailWithCode = (int)Code.PermissionDenied };

        var response = await client.PostAsync(Expand, "application/connect+proto", new ByteArrayContent(GrpcFrames.Frame(request)));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var end = Assert.Single(WebTestClient.Envelopes(response.Body));
        Assert.Equal(EndStreamFlag, end.Flags);
        var error = JsonDocument.Parse(end.Payload).RootElement.GetProperty("error");
        Assert.Equal("permission_denied", error.GetProperty("code").GetString());
        Assert.Equal("nope", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ConnectStreaming_Json_EnvelopesHoldJson()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version20);

        var response = await client.PostAsync(
            Expand, "application/connect+json", new ByteArrayContent(GrpcFrames.Frame(Encoding.UTF8.GetBytes("""{"message":"j","count":2}"""))));

        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(["j-0", "j-1"], envelopes[..2].Select(e => JsonParser.Default.Parse<EchoResponse>(Encoding.UTF8.GetString(e.Payload)).Message));
        Assert.Equal(EndStreamFlag, envelopes[2].Flags);
    }

    [Fact]
    public async Task ConnectStreaming_Bidi_OverHttp2_AnswersEachMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version20);
        var body = GrpcFrames.Frame(new EchoRequest { Message = "a" }).Concat(GrpcFrames.Frame(new EchoRequest { Message = "b" })).ToArray();

        var response = await client.PostAsync(Chat, "application/connect+proto", new ByteArrayContent(body));

        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(["re:a", "re:b"], envelopes[..2].Select(e => EchoResponse.Parser.ParseFrom(e.Payload).Message));
        Assert.Equal(EndStreamFlag, envelopes[2].Flags);
    }
}
