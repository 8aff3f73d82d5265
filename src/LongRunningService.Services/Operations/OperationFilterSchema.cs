using Google.LongRunning;
using LongRunningService.Operations.Filtering;

namespace LongRunningService.Services.Operations;

/// <summary>The fields a ListOperations filter may name.</summary>
internal static class OperationFilterSchema
{
    public static readonly FilterSchema<Operation> Instance = new FilterSchema<Operation>()
        .AddBool("done", static operation => operation.Done)
        .AddString("name", static operation => operation.Name);
}
