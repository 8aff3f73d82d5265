using Google.Rpc;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Protos;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Protocol;

public sealed class StatusTests
{
    private const string Echo = ProtocolTestServer.Service + "Echo";

    [Fact]
    public async Task Status_NonAsciiMessage_IsPercentEncoded()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { FailWithCode = (int)Code.InvalidArgument, Message = "café ☕ 100%\n" });

        Assert.Equal(Code.InvalidArgument, result.StatusCode);
        Assert.Equal("caf%C3%A9 %E2%98%95 100%25%0A", result.RawGrpcMessage);
        Assert.Equal("café ☕ 100%\n", result.GrpcMessage);
    }

    [Fact]
    public async Task Status_WithDetails_RoundTripsInStatusDetailsBin()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { FailWithCode = (int)Code.InvalidArgument, Message = "bad field", WithDetails = true });

        var status = result.StatusDetails!;
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal("bad field", status.Message);
        var violation = Assert.Single(Assert.Single(status.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal("message", violation.Field);
    }

    [Fact]
    public async Task Status_WithoutDetails_SendsNoStatusDetailsBin()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { FailWithCode = (int)Code.FailedPrecondition, Message = "not now" });

        Assert.Equal(Code.FailedPrecondition, result.StatusCode);
        Assert.Equal("not now", result.GrpcMessage);
        Assert.Null(result.StatusDetails);
    }

    [Fact]
    public async Task Status_ErrorBeforeAnyMessage_IsTrailersOnly()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { FailWithCode = (int)Code.NotFound, Message = "nope" });

        Assert.True(result.IsTrailersOnly);
        Assert.Empty(result.RawBody);
        Assert.Equal(System.Net.HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal("application/grpc", result.ContentHeaders.ContentType!.MediaType);
    }

    [Fact]
    public async Task Status_Success_SendsStatusInTrailersAfterTheMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { Message = "hi" });

        Assert.False(result.IsTrailersOnly);
        Assert.Equal("0", Assert.Single(result.Trailers.GetValues("grpc-status")));
        Assert.Equal("hi", result.Single(EchoResponse.Parser).Message);
    }

    [Fact]
    public async Task Status_HandlerThrows_ReturnsGenericInternalAndLogsTheException()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        server.AllowErrorLogs = true;
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { Crash = true });

        Assert.Equal(Code.Internal, result.StatusCode);
        Assert.Equal("The server failed while handling the call.", result.GrpcMessage);
        Assert.DoesNotContain("secret", result.GrpcMessage);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "secret internal detail");
    }

    [Fact]
    public async Task Status_HandlerThrowsWithDetailedErrors_IncludesTheExceptionMessage()
    {
        await using var server = await ProtocolTestServer.StartAsync(new Dictionary<string, string?> { ["Grpc:EnableDetailedErrors"] = "true" });
        server.AllowErrorLogs = true;
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(Echo, new EchoRequest { Crash = true });

        Assert.Equal("The server failed while handling the call: InvalidOperationException: secret internal detail", result.GrpcMessage);
    }

    [Fact]
    public async Task UnknownService_ReturnsUnimplemented()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync("/no.such.Service/Method", new EchoRequest());

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.Equal("Service is unimplemented.", result.GrpcMessage);
    }

    [Fact]
    public async Task UnknownMethodOfKnownService_ReturnsUnimplemented()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "Nope", new EchoRequest());

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.Equal("Method is unimplemented.", result.GrpcMessage);
    }

    [Fact]
    public async Task DeclaredMethodWithoutHandler_ReturnsUnimplemented()
    {
        await using var server = await ProtocolTestServer.StartAsync();
        using var client = server.CreateClient();

        var result = await client.CallRawAsync(ProtocolTestServer.Service + "NotBound", new EchoRequest());

        Assert.Equal(Code.Unimplemented, result.StatusCode);
        Assert.Equal("Method '/longrunning.tests.v1.ProtocolTest/NotBound' is not implemented by this server.", result.GrpcMessage);
    }
}
