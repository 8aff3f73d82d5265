using System.Net;
using System.Net.Http.Headers;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Protocol;

public sealed class SlowBodyTests
{
    // A client that starts a body and stalls is refused on its own stream; the other calls on the
    // same HTTP/2 connection carry on. Kestrel's own minimum body rate would end the whole connection.
    [Fact]
    public async Task SlowBody_OnOneStream_FailsThatCallAloneWhileAWaitOnTheSameConnectionCompletes()
    {
        await using var server = await TestServer.StartAsync();
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        using var channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var operations = new Google.LongRunning.Operations.OperationsClient(channel);
        var started = await new OperationsEmulator.OperationsEmulatorClient(channel)
            .StartOperationAsync(new StartOperationRequest { Parent = "projects/p", Script = OperationsTestClient.LongRunning() });
        var waiting = operations.WaitOperationAsync(
            new WaitOperationRequest { Name = started.Name, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(12)) }).ResponseAsync;

        // The same handler, so the same connection: half a GetOperation frame, then nothing until the test ends.
        var frame = GrpcFrames.Frame(new GetOperationRequest { Name = started.Name });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TestTimeouts.Default };
        var body = new ChunkedContent([frame[..(frame.Length / 2)], frame[(frame.Length / 2)..]], () => release.Task);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/google.longrunning.Operations/GetOperation"))
        {
            Content = body,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");

        string? slowStatus;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
            await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
            slowStatus = response.TrailingHeaders.TryGetValues("grpc-status", out var values) || response.Headers.TryGetValues("grpc-status", out values)
                ? values.Single()
                : "no status";
        }
        catch (HttpRequestException exception)
        {
            slowStatus = $"stream reset: {exception.Message}";
        }
        finally
        {
            release.TrySetResult();
        }

        var operation = await waiting.DefaultTimeout();

        Assert.StartsWith("stream reset", slowStatus, StringComparison.Ordinal);
        Assert.Equal(started.Name, operation.Name);
        Assert.False(operation.Done);
    }
}
