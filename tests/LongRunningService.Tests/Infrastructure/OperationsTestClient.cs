using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Typed calls to the Operations and emulator services over <see cref="GrpcTestClient"/>.</summary>
internal sealed class OperationsTestClient(GrpcTestClient grpc)
{
    public const string Operations = "/google.longrunning.Operations/";
    public const string Emulator = "/longrunning.emulator.v1.OperationsEmulator/";

    public GrpcTestClient Grpc { get; } = grpc;

    public Task<Operation> GetAsync(string name) =>
        Grpc.CallAsync(Operations + "GetOperation", new GetOperationRequest { Name = name }, Operation.Parser);

    public Task<ListOperationsResponse> ListAsync(string name, string filter = "", int pageSize = 0, string pageToken = "") =>
        Grpc.CallAsync(Operations + "ListOperations", new ListOperationsRequest { Name = name, Filter = filter, PageSize = pageSize, PageToken = pageToken }, ListOperationsResponse.Parser);

    public Task<Empty> CancelAsync(string name) =>
        Grpc.CallAsync(Operations + "CancelOperation", new CancelOperationRequest { Name = name }, Empty.Parser);

    public Task<Empty> DeleteAsync(string name) =>
        Grpc.CallAsync(Operations + "DeleteOperation", new DeleteOperationRequest { Name = name }, Empty.Parser);

    public Task<Operation> WaitAsync(string name, TimeSpan? timeout = null, Action<HttpRequestMessage>? configure = null) =>
        Grpc.CallAsync(
            Operations + "WaitOperation",
            new WaitOperationRequest { Name = name, Timeout = timeout is { } t ? Duration.FromTimeSpan(t) : null },
            Operation.Parser,
            configure);

    public Task<Operation> StartAsync(string parent, OperationScript? script = null, string operationId = "") =>
        Grpc.CallAsync(Emulator + "StartOperation", new StartOperationRequest { Parent = parent, Script = script, OperationId = operationId }, Operation.Parser);

    public Task<BatchStartOperationsResponse> BatchStartAsync(string parent, int count, OperationScript? script = null) =>
        Grpc.CallAsync(Emulator + "BatchStartOperations", new BatchStartOperationsRequest { Parent = parent, Count = count, Script = script }, BatchStartOperationsResponse.Parser);

    /// <summary>A script that runs for an hour unless cancelled: "still running" for any test.</summary>
    public static OperationScript LongRunning(bool ignoreCancellation = false) => new()
    {
        Duration = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        IgnoreCancellation = ignoreCancellation,
    };
}
