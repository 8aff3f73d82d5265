using LongRunningService.Configuration;

namespace LongRunningService.Tests.Docs;

public sealed class ReadmeOptionsTableTests
{
    [Fact]
    public async Task ReadmeOptionsTable_HasEverySettingWithTheFlagEnvironmentVariablesAndDefaultOfHelp()
    {
        var lines = (await File.ReadAllLinesAsync(ReadmeRpcTableTests.FindReadme())).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        foreach (var setting in ServerSettings.All)
        {
            var row = lines.FirstOrDefault(l => l.StartsWith($"| `{setting.Key}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"README's options table has no row for {setting.Key}.");
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(setting.Flag is { } flag ? $"`{flag}`" : string.Empty, cells[2]);
            // The environment variables --help names (CommandLineFlags.EnvironmentNames): a list's are numbered.
            Assert.Equal(setting.ValueType.IsGenericType ? $"`{setting.EnvironmentVariable}__0`, `__1`, …" : $"`{setting.EnvironmentVariable}`", cells[3]);
            Assert.Contains($"env {CommandLineFlags.EnvironmentNames(setting)},", CommandLineFlags.HelpText(), StringComparison.Ordinal);
            if (!setting.ValueType.IsGenericType)
            {
                Assert.Equal(setting.DefaultText == "(none)" ? "none" : $"`{setting.DefaultText}`", cells[4]);
            }
        }
    }
}
