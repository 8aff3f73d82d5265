namespace LongRunningService.Contracts;

/// <summary>
/// What of a client's text an error message or log line may quote: its start.
/// A client's value may be megabytes long, and an error travels in response
/// headers (<c>grpc-message</c>, <c>grpc-status-details-bin</c>) that clients
/// cap at a few kilobytes.
/// </summary>
internal static class ClientText
{
    /// <summary>The most characters of client input any message quotes.</summary>
    public const int MaxQuoted = 100;

    /// <summary>The value itself when short, else its first <see cref="MaxQuoted"/> characters and an ellipsis.</summary>
    public static string Prefix(string value)
    {
        if (value is null || value.Length <= MaxQuoted)
        {
            return value;
        }

        // Never split a surrogate pair: the message must stay valid UTF-16 to become UTF-8.
        var length = char.IsHighSurrogate(value[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted;
        return string.Concat(value.AsSpan(0, length), "…");
    }
}
