using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Cloud.AIPlatform.V1;
using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.TestServices;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Transcoding;

/// <summary>The REST layer's own behaviour: request-level errors, system parameters, compression, HTTP/2, the call context.</summary>
public sealed class RestProtocolTests
{
    private static readonly JsonFormatter.Settings OracleSettings = JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(
        OperationsReflection.Descriptor, OperationsEmulatorReflection.Descriptor, PipelineJobReflection.Descriptor, Google.Rpc.ErrorDetailsReflection.Descriptor));

    private static readonly JsonFormatter Oracle = new(OracleSettings);

    [Fact]
    public async Task UnknownPath_Returns404InGooglesEnvelope()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"error":{"code":404,"message":"No method is bound to the path '/v1/nothing/here'.","status":"NOT_FOUND"}}""", response.Body);
    }

    [Fact]
    public async Task WrongHttpMethod_Returns405WithAllow()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.SendAsync(HttpMethod.Put, "/v1/operations/x", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("GET, DELETE", string.Join(", ", response.ContentHeaders.Allow));
        Assert.Equal("""{"error":{"code":405,"message":"The path '/v1/operations/x' does not take PUT; it takes GET, DELETE.","status":"UNIMPLEMENTED"}}""", response.Body);
    }

    [Fact]
    public async Task UnknownQueryParameter_Returns400NamingIt()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/operations/x?foo=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.Equal(
            "Invalid JSON payload received. Unknown name \"foo\": Cannot bind query parameter. Field 'foo' could not be found in request message.",
            response.Error.GetProperty("message").GetString());
        Assert.Equal("foo", response.Error.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{", "Invalid JSON payload received. Unexpected end of the JSON document.")]
    [InlineData("""{"parent":"projects/p","colour":"red"}""", "Invalid JSON payload received. Unknown name \"colour\": Cannot find field.")]
    public async Task BadJsonBody_Returns400(string body, string message)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/emulator/v1/operations:start", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(400, response.Error.GetProperty("code").GetInt32());
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.Equal(message, response.Error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("?$alt=json;enum-encoding=int", true)]
    [InlineData("?%24alt=json%3Benum-encoding%3Dint", true)]
    [InlineData("?$alt=json%3Benum-encoding=int", true)]
    [InlineData("?alt=json", false)]
    public async Task AltJsonEnumEncodingInt_WritesEnumsAsNumbers(string query, bool numbers)
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var job = new PipelineJob { Name = "projects/p/locations/l/pipelineJobs/j", State = PipelineState.Running };
        var started = await grpc.StartAsync(string.Empty, new OperationScript { Response = Any.Pack(job) }, "enum");

        var response = await rest.GetAsync("/v1/operations/enum" + query);

        var formatter = new JsonFormatter(OracleSettings.WithFormatEnumsAsIntegers(numbers));
        JsonAssert.Equal(formatter.Format(started), response.Body);
        var state = response.Json.GetProperty("response").GetProperty("state");
        Assert.Equal(numbers ? JsonValueKind.Number : JsonValueKind.String, state.ValueKind);
    }

    [Theory]
    [InlineData("?prettyPrint=true", true)]
    [InlineData("?$prettyPrint=1", true)]
    [InlineData("?prettyPrint=false", false)]
    [InlineData("?$fields=name&key=k&access_token=t&$.xgafv=2", false)]
    public async Task PrettyPrint_WritesIndentedJson(string query, bool pretty)
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        var started = await grpc.StartAsync(string.Empty, new OperationScript(), "pretty");

        var response = await rest.GetAsync("/v1/operations/pretty" + query);

        var formatter = pretty ? new JsonFormatter(OracleSettings.WithIndentation("  ")) : Oracle;
        JsonAssert.Equal(formatter.Format(started), response.Body);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("?prettyPrint=true", true)]
    public async Task ErrorWithDetails_IsWrittenInOneStyle_CompactOrIndented(string query, bool pretty)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/operations/missing" + query);

        // The envelope and its details alike: exactly what a JSON writer makes of the same document.
        var canonical = JsonSerializer.Serialize(JsonDocument.Parse(response.Body).RootElement, new JsonSerializerOptions
        {
            WriteIndented = pretty,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("type.googleapis.com/google.rpc.ResourceInfo", response.Error.GetProperty("details")[0].GetProperty("@type").GetString());
        Assert.Equal(canonical, response.Body);
    }

    [Fact]
    public async Task AcceptEncodingGzip_LargeResponse_IsCompressed()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress);
        await grpc.BatchStartAsync("projects/p/locations/l", 30);

        var plain = await rest.GetAsync("/ui/projects/p/locations/l/operations");
        var compressed = await rest.GetAsync("/ui/projects/p/locations/l/operations", r => r.Headers.Add("Accept-Encoding", "gzip, deflate"));

        Assert.True(plain.RawBody.Length > 1024, $"Only {plain.RawBody.Length} bytes: too small to compress.");
        Assert.Empty(plain.ContentHeaders.ContentEncoding);
        Assert.Equal("gzip", Assert.Single(compressed.ContentHeaders.ContentEncoding));
        Assert.Equal("Accept-Encoding", Assert.Single(compressed.Headers.Vary));
        using var gzip = new GZipStream(new MemoryStream(compressed.RawBody), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(Encoding.UTF8.GetString(plain.RawBody), await reader.ReadToEndAsync().DefaultTimeout());
        Assert.True(compressed.RawBody.Length < plain.RawBody.Length);
    }

    [Fact]
    public async Task JsonAnswers_EndWithOneNewLine_CountedInTheirLength()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var list = await rest.GetAsync("/v1/operations");
        var missing = await rest.GetAsync("/v1/operations/missing");
        var unrouted = await rest.GetAsync("/v9/nothing");

        foreach (var answer in new[] { list, missing, unrouted })
        {
            var text = Encoding.UTF8.GetString(answer.RawBody);
            Assert.EndsWith("}\n", text, StringComparison.Ordinal);
            Assert.False(text.EndsWith("\n\n", StringComparison.Ordinal));
            Assert.Equal(answer.RawBody.Length, answer.ContentHeaders.ContentLength);
        }

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, unrouted.Status);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("gzip;q=0")]
    [InlineData("identity")]
    public async Task AcceptEncoding_SmallResponseOrGzipRefused_IsNotCompressed(string acceptEncoding)
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/v1/operations/missing", r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));

        Assert.Empty(response.ContentHeaders.ContentEncoding);
        Assert.Equal("NOT_FOUND", response.Error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Http2_JsonRequest_IsServedLikeHttp11()
    {
        await using var server = await TestServer.StartAsync();
        using var grpcClient = server.CreateClient();
        var grpc = new OperationsTestClient(grpcClient);
        using var rest = new RestTestClient(server.BaseAddress, HttpVersion.Version20);
        var started = await grpc.StartAsync(string.Empty, new OperationScript(), "h2");

        var get = await rest.GetAsync("/v1/operations/h2");
        var cancel = await rest.PostAsync("/v1/operations/h2:cancel", "{}");

        Assert.Equal(HttpVersion.Version20, get.Version);
        JsonAssert.Equal(Oracle.Format(started), get.Body);
        Assert.Equal((HttpStatusCode.OK, "{}"), (cancel.Status, cancel.Body));
    }

    [Fact]
    public async Task Echo_ServerTimeoutAndHeaders_ReachTheServiceAsDeadlineAndMetadata()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", """{"message":"hi"}""", r =>
        {
            r.Headers.Add("X-Server-Timeout", "5");
            r.Headers.Add("x-test", "abc");
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("hi", response.Json.GetProperty("message").GetString());
        var deadlineMs = long.Parse(response.Json.GetProperty("deadlineMs").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadlineMs, 1, 5000);
        Assert.Contains("x-test=abc", response.Json.GetProperty("metadata").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("from-headers", Assert.Single(response.Headers.GetValues("echo-header")));
        Assert.Equal("from-trailers", Assert.Single(response.Headers.GetValues("echo-trailer")));
    }

    [Fact]
    public async Task Echo_NoServerTimeout_HasNoDeadline()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.GetAsync("/test/v1/echo/a%2Fb%20c?count=2");

        Assert.Equal("a/b c", response.Json.GetProperty("message").GetString());
        Assert.Equal("-1", response.Json.GetProperty("deadlineMs").GetString());
    }

    [Fact]
    public async Task Echo_ResponseBody_WritesOnlyThatField()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo/hello:bare", "{}");

        Assert.Equal((HttpStatusCode.OK, "\"hello\""), (response.Status, response.Body));
    }

    [Theory]
    [InlineData(1, 499, "CANCELLED")]
    [InlineData(3, 400, "INVALID_ARGUMENT")]
    [InlineData(5, 404, "NOT_FOUND")]
    [InlineData(9, 400, "FAILED_PRECONDITION")]
    [InlineData(10, 409, "ABORTED")]
    [InlineData(14, 503, "UNAVAILABLE")]
    [InlineData(16, 401, "UNAUTHENTICATED")]
    public async Task Echo_FailsWithCode_ReturnsItsHttpStatusAndName(int code, int httpStatus, string status)
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", $$"""{"message":"it failed","failWithCode":{{code}}}""");

        Assert.Equal(httpStatus, (int)response.Status);
        Assert.Equal($$$"""{"error":{"code":{{{httpStatus}}},"message":"it failed","status":"{{{status}}}"}}""", response.Body);
    }

    [Fact]
    public async Task Echo_FailsWithDetails_WritesThemAsTypedAny()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", """{"message":"bad","failWithCode":3,"withDetails":true}""");

        var detail = Assert.Single(response.Error.GetProperty("details").EnumerateArray());
        Assert.Equal(
            """{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message","description":"bad"}]}""",
            detail.GetRawText());
    }

    [Fact]
    public async Task Echo_HandlerCrashes_Returns500WithGenericMessageAndLogsOnce()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        server.AllowErrorLogs = true;
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", """{"crash":true}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("""{"error":{"code":500,"message":"The server failed while handling the call.","status":"INTERNAL"}}""", response.Body);
        var logged = Assert.Single(server.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(2, logged.EventId);
        Assert.Equal("secret internal detail", logged.Exception!.Message);
    }

    [Fact]
    public async Task Echo_HandlerCrashesWithDetailedErrors_NamesTheException()
    {
        await using var server = await RestProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:EnableDetailedErrors"] = "true" });
        server.AllowErrorLogs = true;
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", """{"crash":true}""");

        Assert.Equal(
            "The server failed while handling the call: InvalidOperationException: secret internal detail",
            response.Error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Echo_ServerTimeoutPasses_Returns504AndCancelsTheHandler()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", """{"delayMs":30000}""", r => r.Headers.Add("X-Server-Timeout", "0.1"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);
        Assert.Equal("""{"error":{"code":504,"message":"Deadline exceeded.","status":"DEADLINE_EXCEEDED"}}""", response.Body);
        Assert.Equal("/longrunning.tests.v1.ProtocolTest/Echo", await server.GetService<ProtocolTestService>().Cancelled.Task.DefaultTimeout());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    public async Task Echo_MalformedServerTimeout_Returns400(string value)
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/echo", "{}", r => r.Headers.Add("X-Server-Timeout", value));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal($"Invalid X-Server-Timeout header '{value}': expected a positive number of seconds.", response.Error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task StreamingMethod_StreamsEachMessageAsJson()
    {
        await using var server = await RestProtocolTestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/test/v1/expand", """{"message":"m","count":2}""");

        // Server streaming over REST: one JSON message per line, as JSON transcoding writes a stream.
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["m-0", "m-1"], response.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task GrpcWebContentType_IsLeftToTheGrpcLayer()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync("/v1/operations/x:cancel", null, r => r.Content = new ByteArrayContent([]) { Headers = { { "Content-Type", "application/grpc-web" } } });

        // No gRPC method has that path, and REST does not take gRPC-Web's content type: no REST answer, no cancel.
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Empty(response.RawBody);
    }

    [Fact]
    public async Task Startup_BadServiceConfig_FailsNamingTheProblem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rest-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "http:\n  rules:\n  - selector: google.longrunning.Operations.GetOperation\n    get: '/v9/{nam=operations/*}'\n").DefaultTimeout();
        try
        {
            var exception = await Assert.ThrowsAsync<InvalidOperationException>(
                () => TestServer.StartAsync(new Dictionary<string, string?> { ["Transcoding:ServiceConfigs:0"] = path }));

            Assert.Equal(
                $"Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to HTTP 'GET /v9/{{nam=operations/*}}' from {path}: 'nam' is not a field of google.longrunning.GetOperationRequest.",
                exception.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Startup_MissingServiceConfig_FailsNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<LongRunningService.Configuration.InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Transcoding:ServiceConfigs:0"] = "no-such-file.yaml" }));

        // A relative path is read from the current directory.
        Assert.Equal($"Invalid Transcoding:ServiceConfigs (env Transcoding__ServiceConfigs): the file '{Path.GetFullPath("no-such-file.yaml")}' does not exist.", exception.Message);
    }
}
