using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace LongRunningService.Configuration;

/// <summary>
/// The command line, parsed by System.CommandLine with one option per flag of
/// <see cref="ServerSettings"/>: <c>--help</c> (<c>-h</c>, <c>-?</c>), <c>--version</c>,
/// the table's flags (<c>--port 7470</c> or <c>--port=7470</c>; a switch such as
/// <c>--tls-self-signed</c> alone means true), any setting as <c>--Section:Key=value</c>,
/// and the host's own <c>--environment</c>, <c>--contentRoot</c> and <c>--applicationName</c>.
/// Anything else is refused by name. What it yields are configuration keys and values.
/// </summary>
internal sealed class CommandLineFlags
{
    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    private CommandLineFlags(bool help, bool version, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> hostArgs)
    {
        HelpRequested = help;
        VersionRequested = version;
        Settings = settings;
        HostArgs = hostArgs;
    }

    public bool HelpRequested { get; }

    public bool VersionRequested { get; }

    /// <summary>Configuration keys and their values, from flags and <c>--Section:Key=value</c> arguments; the last given wins.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The arguments the web host reads itself (<c>--environment</c> and the like), as <c>--key=value</c>.</summary>
    public IReadOnlyList<string> HostArgs { get; }

    /// <summary>The command the server is: an option per flag of the settings table, with its key, environment variable and default in its description.</summary>
    public static RootCommand Command()
    {
        var command = new RootCommand(
            "google.longrunning.Operations, Vertex AI PipelineService/JobService, Cloud Optimization and Route Optimization "
            + "emulated in memory, over gRPC, gRPC-Web, Connect and REST on one port.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var setting in ServerSettings.All)
        {
            var name = setting.Flag ?? $"--{setting.Key}";
            // Values stay text: the table checks them, from whichever source they come, in one way.
            var option = new Option<string[]>(name)
            {
                Description = $"{setting.Description} (key {setting.Key}, env {EnvironmentNames(setting)}, default {setting.DefaultText})",
                HelpName = ValueName(setting),
                Arity = IsSwitch(setting) ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore, // given again, the last wins
                AllowMultipleArgumentsPerToken = false,
            };
            command.Options.Add(option);
        }

        return command;
    }

    /// <exception cref="InvalidConfigurationException">An argument is not a known option, or an option is missing its value.</exception>
    public static CommandLineFlags Parse(IReadOnlyList<string> args)
    {
        var command = Command();
        var result = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var help = result.GetResult(command.Options.OfType<HelpOption>().Single()) is not null;
        var version = result.GetResult(command.Options.OfType<VersionOption>().Single()) is not null;
        if (help || version)
        {
            return new CommandLineFlags(help, version, new Dictionary<string, string?>(), []);
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in ServerSettings.All)
        {
            var option = command.Options.First(o => o.Name == (setting.Flag ?? $"--{setting.Key}"));
            if (result.GetResult(option) is not { Implicit: false } given)
            {
                continue;
            }

            if (given.Tokens.Count == 0 && !IsSwitch(setting))
            {
                throw new InvalidConfigurationException($"Option '{option.Name}' needs a value.");
            }

            settings[setting.FlagKey ?? setting.Key] = given.Tokens.Count == 0 ? "true" : given.Tokens[^1].Value;
        }

        if (result.Errors.FirstOrDefault() is { } error)
        {
            throw new InvalidConfigurationException($"{error.Message} (see --help for every option).");
        }

        var hostArgs = new List<string>();
        var unmatched = result.UnmatchedTokens;
        for (var i = 0; i < unmatched.Count; i++)
        {
            var arg = unmatched[i];
            if (!arg.StartsWith('-'))
            {
                throw new InvalidConfigurationException($"Unexpected argument '{arg}'; settings are given as --flag value or --Section:Key=value (see --help).");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var key = name.TrimStart('-');
            var isHostKey = name.StartsWith("--", StringComparison.Ordinal) && HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
            if (!key.Contains(':', StringComparison.Ordinal) && !isHostKey)
            {
                throw new InvalidConfigurationException($"Unknown option '{name}' (see --help for every option).");
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < unmatched.Count)
            {
                value = unmatched[++i];
            }
            else
            {
                throw new InvalidConfigurationException($"Option '{name}' needs a value.");
            }

            if (isHostKey)
            {
                hostArgs.Add($"--{key}={value}");
            }
            else
            {
                settings[key] = value;
            }
        }

        return new CommandLineFlags(false, false, settings, hostArgs);
    }

    /// <summary>What <c>--help</c> prints: System.CommandLine's help of <see cref="Command"/>, unwrapped, and how settings combine.</summary>
    public static string HelpText()
    {
        var command = Command();
        if (command.Options.OfType<HelpOption>().Single().Action is HelpAction action)
        {
            action.MaxWidth = int.MaxValue; // one line per option, whatever the terminal's width
        }

        using var text = new StringWriter();
        command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = text, Error = text });
        text.Write("""
            Every setting can also be given as --Section:Key=value, in appsettings.json ({"Section": {"Key": value}})
            or as the environment variable named after its key (Section__Key). Later sources win: appsettings.json,
            then environment, then command line. Durations are written hh:mm:ss[.fff] or d.hh:mm:ss (00:00:02 is 2 seconds).

            """);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The environment variable of a setting; a list's are numbered, one per item.</summary>
    public static string EnvironmentNames(ServerSetting setting) =>
        setting.ValueType.IsGenericType ? $"{setting.EnvironmentVariable}__0, __1, ..." : setting.EnvironmentVariable;

    private static bool IsSwitch(ServerSetting setting) => setting.ValueType == typeof(bool);

    private static string ValueName(ServerSetting setting) => setting switch
    {
        { AllowedValues: { } allowed } => string.Join('|', allowed),
        _ when setting.ValueType == typeof(int) || setting.ValueType == typeof(long) => "number",
        _ when setting.ValueType == typeof(TimeSpan) => "duration",
        _ when setting.ValueType == typeof(bool) => "true|false",
        _ when setting.IsPath => "path",
        _ => "text",
    };
}
