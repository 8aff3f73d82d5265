namespace LongRunningService.Tests.Docs;

/// <summary>
/// README's .NET quick start is the example project's QuickStartTests as written there,
/// so that it runs in every test run. (tests/tool/run.sh runs the curl, Node and Python ones.)
/// </summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task ReadmeDotnetQuickStart_IsTheExampleProjectsQuickStartTest()
    {
        var readmePath = ReadmeRpcTableTests.FindReadme();
        var readme = (await File.ReadAllLinesAsync(readmePath)).ToList();
        var marker = readme.IndexOf("<!-- quick-start:dotnet -->");
        Assert.True(marker >= 0 && readme[marker + 1] == "```csharp", "README has no .NET quick start block.");
        var block = readme.Skip(marker + 2).TakeWhile(line => line != "```").ToList();

        var testPath = Path.Combine(Path.GetDirectoryName(readmePath)!, "examples", "LongRunningService.Examples.Tests", "QuickStartTests.cs");
        var test = (await File.ReadAllLinesAsync(testPath)).ToList();
        var begin = test.FindIndex(line => line.Trim() == "// quick-start:begin");
        var end = test.FindIndex(line => line.Trim() == "// quick-start:end");
        Assert.True(begin >= 0 && end > begin, "QuickStartTests.cs has no quick-start markers.");
        var indent = test[begin].Length - test[begin].TrimStart().Length;
        var body = test.Skip(begin + 1).Take(end - begin - 1).Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()).ToList();

        Assert.True(body.SequenceEqual(block), "README's .NET quick start differs from QuickStartTests.cs; it should read:\n" + string.Join('\n', body));
    }
}
