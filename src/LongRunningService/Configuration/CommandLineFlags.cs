namespace LongRunningService.Configuration;

/// <summary>
/// The command line as the server reads it: <c>--help</c>, the table's flags
/// (<c>--port 7470</c> or <c>--port=7470</c>), any setting as
/// <c>--Section:Key=value</c>, and the host's own <c>--environment</c>,
/// <c>--contentRoot</c> and <c>--applicationName</c>. Anything else is refused by name.
/// </summary>
internal static class CommandLineFlags
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?"];

    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    public static bool IsHelpRequested(IEnumerable<string> args) =>
        args.Any(arg => HelpFlags.Contains(arg, StringComparer.Ordinal));

    /// <exception cref="InvalidConfigurationException">An argument is not a known flag or is missing its value.</exception>
    public static void CheckKnown(IReadOnlyList<string> args)
    {
        var switches = ServerSettings.CommandLineSwitches();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new InvalidConfigurationException($"Unexpected argument '{arg}'; settings are given as --flag value or --Section:Key=value (see --help).");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var bare = name.TrimStart('-');
            var known = switches.ContainsKey(name) || bare.Contains(':', StringComparison.Ordinal)
                || (name.StartsWith("--", StringComparison.Ordinal) && HostKeys.Contains(bare, StringComparer.OrdinalIgnoreCase));
            if (!known)
            {
                throw new InvalidConfigurationException($"Unknown option '{name}' (see --help for every option).");
            }

            if (equals < 0)
            {
                // The value is the next argument.
                if (i + 1 >= args.Count)
                {
                    throw new InvalidConfigurationException($"Option '{name}' needs a value.");
                }

                i++;
            }
        }
    }
}
