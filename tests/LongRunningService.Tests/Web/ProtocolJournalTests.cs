using System.Net;
using Google.LongRunning;
using Google.Protobuf;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Web;

public sealed class ProtocolJournalTests
{
    [Fact]
    public async Task Journal_RecordsGrpcWebAndConnectAsTheirProtocols()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        using var web = new WebTestClient(server.BaseAddress, HttpVersion.Version11);
        var control = new ControlTestClient(grpc);
        var request = new GetOperationRequest { Name = "projects/p/operations/journal" };
        const string path = OperationsTestClient.Operations + "GetOperation";

        await web.PostAsync(path, "application/grpc-web-text", new StringContent(Convert.ToBase64String(GrpcFrames.Frame(request))));
        await web.PostAsync(path, "application/proto", new ByteArrayContent(request.ToByteArray()));
        await web.PostAsync(path, "application/connect+proto", new ByteArrayContent(GrpcFrames.Frame(request)));

        var calls = await control.ListCallsAsync(resource: request.Name);
        Assert.Equal(["grpc-web", "connect", "connect"], calls.Calls.Select(c => c.Protocol));
        Assert.All(calls.Calls, c => Assert.Equal((int)Google.Rpc.Code.NotFound, c.StatusCode));
    }
}
