using LongRunningService.Configuration;

namespace LongRunningService.Tests.Docs;

public sealed class ReadmeOptionsTableTests
{
    [Fact]
    public async Task ReadmeOptionsTable_HasEverySettingWithItsFlagEnvironmentVariableAndDefault()
    {
        var lines = (await File.ReadAllLinesAsync(ReadmeRpcTableTests.FindReadme())).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        foreach (var setting in ServerSettings.All)
        {
            var row = lines.FirstOrDefault(l => l.StartsWith($"| `{setting.Key}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"README's options table has no row for {setting.Key}.");
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(setting.Flag is { } flag ? $"`{flag}`" : string.Empty, cells[2]);
            if (setting.ValueType == typeof(string) || !setting.ValueType.IsGenericType)
            {
                Assert.Equal($"`{setting.EnvironmentVariable}`", cells[3]);
                Assert.Equal(setting.DefaultText == "(none)" ? "none" : $"`{setting.DefaultText}`", cells[4]);
            }
        }
    }
}
