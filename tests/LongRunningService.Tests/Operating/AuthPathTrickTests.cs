using System.Net;
using Google.LongRunning;
using Grpc.Health.V1;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.Operating;

/// <summary>
/// With a shared secret set, paths dressed up to look open (dot segments, escaped dots and
/// slashes, empty segments, other letter cases) reach no protected method without the token,
/// on gRPC, gRPC-Web and REST; each row is the exact request target sent, uncanonicalized.
/// </summary>
public sealed class AuthPathTrickTests
{
    private const string Token = "s3cret-token";

    // The emulator accepts this parent; the operation's name then starts with it, so a REST path
    // to the operation can spell the open health prefix once its dot segments are removed.
    private const string TrickParent = "operations/../../grpc.health.v1.Health";

    private static readonly Dictionary<string, string?> WithToken = new() { ["Auth:Token"] = Token };

    // The gRPC status each target ends with, or null where no gRPC route takes the path at all
    // (plain HTTP 404). Unknown methods need the token too, so they end UNAUTHENTICATED.
    public static TheoryData<string, int?> GrpcTricks => new()
    {
        { "/grpc.health.v1.Health/../google.longrunning.Operations/GetOperation", 16 },
        { "/grpc.health.v1.Health/%2e%2e/google.longrunning.Operations/GetOperation", 16 },
        { "/grpc.health.v1.Health/%2E%2E/google.longrunning.Operations/DeleteOperation", 16 },
        { "//google.longrunning.Operations/GetOperation", null },
        { "/grpc.health.v1.Health//../google.longrunning.Operations/CancelOperation", null },
        { "/grpc.health.v1.Health%2F..%2Fgoogle.longrunning.Operations/GetOperation", 16 },
        { "/grpc.health.v1.Health/..%2Fgoogle.longrunning.Operations%2FGetOperation", 16 },
        { "/Google.LongRunning.Operations/GetOperation", 16 },
        { "/GRPC.HEALTH.V1.HEALTH/../google.longrunning.Operations/DeleteOperation", 16 },
        { "/grpc.health.v1.health/../GOOGLE.longrunning.operations/cancelOperation", 16 },
    };

    // Kestrel removes dot segments (escaped ones too) before routing, so a REST target whose dots
    // climb out of /v1/ reaches no REST binding at all; %2F stays escaped, so a name holding it
    // is a protected method's, which asks for the token.
    public static TheoryData<string, string, HttpStatusCode> RestTricks => new()
    {
        { "GET", "/v1/operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "DELETE", "/v1/operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "POST", "/v1/operations/../../grpc.health.v1.Health/operations/op-1:cancel", HttpStatusCode.NotFound },
        { "GET", "/v1/operations/%2e%2e/%2e%2e/grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "POST", "/v1/operations/%2E%2E/%2E%2E/grpc.health.v1.Health/operations/op-1:cancel", HttpStatusCode.NotFound },
        { "GET", "/v1/operations/..%2F..%2Fgrpc.health.v1.Health%2Foperations%2Fop-1", HttpStatusCode.Unauthorized },
        { "DELETE", "/v1/operations%2F..%2F..%2Fgrpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "GET", "//v1/operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "GET", "/v1//operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "GET", "/v1/operations/../../../../grpc.health.v1.Health/../v1/operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "GET", "/V1/operations/../../grpc.health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        // Routing compares letters without case, so these reach the endpoint, which asks for the token first.
        { "GET", "/V1/operations/op-1", HttpStatusCode.Unauthorized },
        { "GET", "/v1/OPERATIONS/op-1", HttpStatusCode.Unauthorized },
        { "GET", "/v1/operations/../../GRPC.Health.v1.Health/operations/op-1", HttpStatusCode.NotFound },
        { "GET", "/v1/operations/../../grpc.health.v1.Health/healthz", HttpStatusCode.NotFound },
        { "GET", "/v1/operations/op-1%2F..%2F..%2Fgrpc.health.v1.Health", HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(GrpcTricks))]
    public async Task Grpc_PathTrickWithoutTheToken_RunsNoProtectedMethod(string target, int? expectedStatus)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();
        var operation = await StartWithTokenAsync(client, "projects/p");

        var result = await client.CallRawAsync(target, new GetOperationRequest { Name = operation }, r => r.RequestUri = Raw(server, target));

        Assert.Equal(expectedStatus is null ? HttpStatusCode.NotFound : HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal(expectedStatus, result.GrpcStatus);
        Assert.Empty(result.Messages);
        await AssertStillRunningAsync(client, operation);
    }

    [Theory]
    [MemberData(nameof(GrpcTricks))]
    public async Task GrpcWeb_PathTrickWithoutTheToken_RunsNoProtectedMethod(string target, int? expectedStatus)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();
        var operation = await StartWithTokenAsync(client, "projects/p");
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var body = GrpcFrames.Frame(new GetOperationRequest { Name = operation });

        var response = await web.PostAsync(target, "application/grpc-web+proto", new ByteArrayContent(body), r => r.RequestUri = Raw(server, target));

        Assert.Equal(expectedStatus is null ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.Status);
        Assert.Equal(expectedStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("grpc-status"));
        Assert.Empty(response.Body);
        await AssertStillRunningAsync(client, operation);
    }

    [Theory]
    [MemberData(nameof(RestTricks))]
    public async Task Rest_PathTrickWithoutTheToken_RunsNoProtectedMethod(string method, string target, HttpStatusCode expected)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();
        var operation = await StartWithTokenAsync(client, TrickParent, "op-1");
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.SendAsync(new HttpMethod(method), target, body: null, r => r.RequestUri = Raw(server, target));

        Assert.Equal(expected, response.Status);
        Assert.Equal(expected == HttpStatusCode.Unauthorized ? "UNAUTHENTICATED" : "NOT_FOUND", response.Error.GetProperty("status").GetString());
        await AssertStillRunningAsync(client, operation);
    }

    [Theory]
    [InlineData("GET", "/v1/operations/../../grpc.health.v1.Health/operations/op-1")]
    [InlineData("POST", "/v1/operations/%2e%2e/%2e%2e/grpc.health.v1.Health/operations/op-1:cancel")]
    public async Task Rest_PathTrickWithTheToken_IsRoutedAsItsNormalizedPath(string method, string target)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var client = server.CreateClient();
        var operation = await StartWithTokenAsync(client, TrickParent, "op-1");
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.SendAsync(new HttpMethod(method), target, body: null, r =>
        {
            r.RequestUri = Raw(server, target);
            r.Headers.Add("x-goog-api-key", Token);
        });

        // The token is not what stops it: with dot segments removed, no REST binding takes the path.
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        await AssertStillRunningAsync(client, operation);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task GrpcWebHealth_WithoutTheToken_StaysOpen(string version)
    {
        await using var server = await TestServer.StartAsync(WithToken);
        using var web = new WebTestClient(server.BaseAddress, Version.Parse(version));

        var response = await web.PostAsync("/grpc.health.v1.Health/Check", "application/grpc-web+proto", new ByteArrayContent(GrpcFrames.Frame(new HealthCheckRequest())));

        var envelopes = WebTestClient.Envelopes(response.Body);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, HealthCheckResponse.Parser.ParseFrom(envelopes[0].Payload).Status);
        Assert.Equal("0", WebTestClient.TrailerLines(envelopes[^1].Payload)["grpc-status"]);
    }

    // The target exactly as written: HttpClient would otherwise remove dot segments and unescape dots.
    private static Uri Raw(TestServer server, string target) =>
        new(server.BaseAddress.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private static async Task<string> StartWithTokenAsync(GrpcTestClient client, string parent, string id = "")
    {
        client.Http.DefaultRequestHeaders.Add("x-goog-api-key", Token);
        try
        {
            return (await new OperationsTestClient(client).StartAsync(parent, OperationsTestClient.LongRunning(), id)).Name;
        }
        finally
        {
            client.Http.DefaultRequestHeaders.Remove("x-goog-api-key");
        }
    }

    private static async Task AssertStillRunningAsync(GrpcTestClient client, string operation)
    {
        client.Http.DefaultRequestHeaders.Add("x-goog-api-key", Token);
        var current = await new OperationsTestClient(client).GetAsync(operation);
        Assert.False(current.Done);
        client.Http.DefaultRequestHeaders.Remove("x-goog-api-key");
    }
}
