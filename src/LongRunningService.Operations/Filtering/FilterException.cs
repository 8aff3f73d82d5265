namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A filter that cannot be parsed or names something its schema does not support.
/// The message is a full sentence meant for the caller of the List RPC (INVALID_ARGUMENT).
/// </summary>
internal sealed class FilterException(string message) : Exception(message);
