using System.Net;
using Google.LongRunning;
using Google.Rpc;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;

namespace LongRunningService.Tests.Operating;

/// <summary>
/// Errors quote only the start of what a client sent, so a huge value still yields small
/// response headers (standard clients cap them at 8 KiB and would report RESOURCE_EXHAUSTED
/// instead of the real status), and size-limit errors state the sizes involved.
/// </summary>
public sealed class ClientInputQuotingTests
{
    // grpc-status, grpc-message and grpc-status-details-bin together; grpcio's default cap is 8 KiB.
    private const int MaxErrorHeaderBytes = 1024;

    [Theory]
    [InlineData(3_000)]
    [InlineData(1_048_576)]
    public async Task Grpc_MalformedHugeName_EndsInvalidArgumentWithSmallHeaders(int length)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateClient();
        var name = "x" + new string('a', length - 1);

        var result = await client.CallRawAsync(OperationsTestClient.Operations + "GetOperation", new GetOperationRequest { Name = name });

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.InRange(ErrorHeaderBytes(result), 1, MaxErrorHeaderBytes);
        Assert.StartsWith("Operation name 'xaaa", result.GrpcMessage, StringComparison.Ordinal);
        var violation = Assert.Single(result.StatusDetails!.Details).Unpack<BadRequest>().FieldViolations.Single();
        Assert.True(violation.Description.Length < 300, violation.Description);
    }

    [Fact]
    public void NotFound_HugeName_QuotesItsStartInTheMessageAndResourceInfo()
    {
        var name = "projects/" + new string('a', 1_048_576);

        var error = LongRunningService.Services.Errors.RpcErrors.NotFound("longrunning.googleapis.com/Operation", name, "Operation").ToRpcStatus();

        Assert.Equal($"Operation '{name[..100]}…' was not found.", error.Message);
        var resource = Assert.Single(error.Details).Unpack<ResourceInfo>();
        Assert.Equal(name[..100] + "…", resource.ResourceName);
    }

    [Fact]
    public async Task Rest_HugeUnboundPath_Answers404QuotingItsStart()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        var path = "/v9/" + new string('a', 3_000);

        var response = await rest.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal($"No method is bound to the path '{path[..100]}…'.", response.Error.GetProperty("message").GetString());
        await server.Logs.WaitForCallLineAsync($"rest GET {path[..96]}… NOT_FOUND in ");
    }

    [Fact]
    public async Task Rest_BodyOverTheLimit_StatesTheBodySizeAndTheLimit()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        var body = "{\"name\":\"" + new string('a', (5 * 1024 * 1024) - 11) + "\"}";

        var response = await rest.PostAsync("/v1/operations/op-1:cancel", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal(
            "Received message of 5242880 bytes exceeds the maximum receive message size of 4194304 bytes.",
            response.Error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rest_HugeUnknownQueryParameter_Answers400QuotingItsStart()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);
        var name = new string('q', 3_000);

        var response = await rest.GetAsync($"/v1/operations?{name}=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var message = response.Error.GetProperty("message").GetString()!;
        Assert.Contains($"Unknown name \"{name[..100]}…\"", message, StringComparison.Ordinal);
        Assert.True(message.Length < 400, message);
    }

    private static int ErrorHeaderBytes(GrpcCallResult result) =>
        new[] { "grpc-status", "grpc-message", "grpc-status-details-bin" }
            .Sum(header => result.Header(header) is { } value ? header.Length + value.Length : 0);
}
