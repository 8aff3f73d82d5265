using System.Globalization;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>Client input as errors quote it: a short prefix, so a huge value cannot swell an answer or a log.</summary>
internal static class ClientText
{
    // Longer than the resource names clients really send, short enough that an error's message
    // and details stay well inside the 8 KiB of metadata gRPC clients accept by default.
    public const int MaxQuoted = 200;

    public static string Excerpt(string? text) =>
        text is null ? string.Empty : text.Length <= MaxQuoted
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..MaxQuoted]}… ({text.Length} characters)");
}
