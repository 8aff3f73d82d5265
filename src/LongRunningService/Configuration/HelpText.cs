using System.Text;

namespace LongRunningService.Configuration;

/// <summary>What <c>--help</c> prints: every row of <see cref="ServerSettings"/>, with its flag, key, environment variable and default.</summary>
internal static class HelpText
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            LongRunningService: google.longrunning.Operations, Vertex AI PipelineService/JobService,
            Cloud Optimization and Route Optimization emulated in memory, over gRPC and REST on one port.

            Usage: LongRunningService [options]

            Every setting can be given as a flag (where it has one), as --Section:Key=value, in
            appsettings.json ({"Section": {"Key": value}}) or as the environment variable Section__Key.
            Later sources win: appsettings.json, then environment, then command line.
            Durations are written hh:mm:ss[.fff] or d.hh:mm:ss (00:00:02 is 2 seconds).

            Options:
              -h, -?, --help
                  Print this list and exit.

            """);
        foreach (var setting in ServerSettings.All)
        {
            text.Append("  ").Append(setting.Flag is { } flag ? $"{flag} <{ValueName(setting)}>" : $"--{setting.Key}=<{ValueName(setting)}>").Append('\n');
            text.Append("      ").Append(setting.Description).Append('\n');
            text.Append("      key ").Append(setting.Key)
                .Append(", env ").Append(setting.EnvironmentVariable)
                .Append(", default ").Append(setting.DefaultText).Append('\n');
        }

        return text.ToString();
    }

    private static string ValueName(ServerSetting setting) => setting switch
    {
        { AllowedValues: { } allowed } => string.Join('|', allowed),
        _ when setting.ValueType == typeof(int) || setting.ValueType == typeof(long) => "number",
        _ when setting.ValueType == typeof(TimeSpan) => "duration",
        _ when setting.ValueType == typeof(bool) => "true|false",
        _ => "text",
    };
}
