namespace LongRunningService.Services.Operations;

/// <summary>Paging and waiting limits of the Operations service, bound from the <c>Operations</c> section.</summary>
public sealed class OperationsServiceOptions
{
    /// <summary>Page size of ListOperations when the request gives none (0). Default 50.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Largest page ListOperations returns; larger requests are coerced to it (AIP-158). Default 1,000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// Longest WaitOperation holds a call, whatever the request's timeout; also
    /// the wait when the request sets none. Default 1 hour.
    /// </summary>
    public TimeSpan MaxWaitTimeout { get; set; } = TimeSpan.FromHours(1);
}
