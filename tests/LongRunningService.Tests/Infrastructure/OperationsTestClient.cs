using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunning.Emulator.V1;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// The Operations and emulator services' generated clients, with the calls
/// tests make most. No deadline is sent unless a test sets one; the test
/// HttpClient's timeout bounds every call.
/// </summary>
internal sealed class OperationsTestClient(GrpcTestClient grpc)
{
    public const string Operations = "/google.longrunning.Operations/";
    public const string Emulator = "/longrunning.emulator.v1.OperationsEmulator/";

    public GrpcTestClient Grpc { get; } = grpc;

    public Google.LongRunning.Operations.OperationsClient Client { get; } = new(grpc.Channel);

    public OperationsEmulator.OperationsEmulatorClient EmulatorClient { get; } = new(grpc.Channel);

    public Task<Operation> GetAsync(string name) =>
        Client.GetOperationAsync(new GetOperationRequest { Name = name }).ResponseAsync;

    public Task<ListOperationsResponse> ListAsync(string name, string filter = "", int pageSize = 0, string pageToken = "") =>
        Client.ListOperationsAsync(new ListOperationsRequest { Name = name, Filter = filter, PageSize = pageSize, PageToken = pageToken }).ResponseAsync;

    public Task<Empty> CancelAsync(string name) =>
        Client.CancelOperationAsync(new CancelOperationRequest { Name = name }).ResponseAsync;

    public Task<Empty> DeleteAsync(string name) =>
        Client.DeleteOperationAsync(new DeleteOperationRequest { Name = name }).ResponseAsync;

    public Task<Operation> WaitAsync(string name, TimeSpan? timeout = null, Metadata? headers = null) =>
        Client.WaitOperationAsync(new WaitOperationRequest { Name = name, Timeout = timeout is { } t ? Duration.FromTimeSpan(t) : null }, headers).ResponseAsync;

    public Task<Operation> StartAsync(string parent, OperationScript? script = null, string operationId = "") =>
        EmulatorClient.StartOperationAsync(new StartOperationRequest { Parent = parent, Script = script, OperationId = operationId }).ResponseAsync;

    public Task<BatchStartOperationsResponse> BatchStartAsync(string parent, int count, OperationScript? script = null) =>
        EmulatorClient.BatchStartOperationsAsync(new BatchStartOperationsRequest { Parent = parent, Count = count, Script = script }).ResponseAsync;

    /// <summary>A script that runs for an hour unless cancelled: "still running" for any test.</summary>
    public static OperationScript LongRunning(bool ignoreCancellation = false) => new()
    {
        Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        IgnoreCancellation = ignoreCancellation,
    };
}
