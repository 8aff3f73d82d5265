using System.Globalization;

namespace LongRunningService.Benchmarks;

/// <summary>The little argument parsing the commands need: <c>--name value</c> integers.</summary>
internal static class CommandLine
{
    public static int GetInt(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }

        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"{name} takes a non-negative integer.");
        }

        return value;
    }
}
