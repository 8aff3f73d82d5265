namespace LongRunningService.Operations.Storage;

/// <summary>
/// The store could not read or record: nothing was recorded, and the caller
/// leaves its memory unchanged. The message is one line, fit for a start-up
/// failure or an UNAVAILABLE answer; it never carries client input.
/// </summary>
internal sealed class StateStoreException(string message, Exception? inner = null) : Exception(message, inner);
