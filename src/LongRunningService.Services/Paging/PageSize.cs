using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Paging;

/// <summary>The AIP-158 reading of <c>page_size</c>: 0 is the default, above the maximum is the maximum, below 0 is an error.</summary>
internal static class PageSize
{
    public static int Resolve(int requested, int defaultSize, int maxSize) => requested switch
    {
        < 0 => throw RpcErrors.InvalidField("page_size", $"The field `page_size` must not be negative; got {requested}."),
        0 => defaultSize,
        _ => Math.Min(requested, maxSize),
    };
}
