using System.Globalization;

namespace LongRunningService.Services.Errors;

/// <summary>Client input as errors quote it: a short prefix, so a huge value cannot swell an answer or a log.</summary>
internal static class ClientText
{
    // Long enough for any well-formed resource name (at most 1,024 characters), so only junk is cut.
    public const int MaxQuoted = 1024;

    public static string Excerpt(string text) =>
        text.Length <= MaxQuoted
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..MaxQuoted]}… ({text.Length} characters)");
}
