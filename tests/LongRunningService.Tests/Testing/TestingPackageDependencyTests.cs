using System.Xml.Linq;
using LongRunningService.Tests.Docs;

namespace LongRunningService.Tests.Testing;

/// <summary>
/// LongRunningService.Testing carries the host assembly inside its own package, so the host's packages do not
/// reach a test project through it by themselves: the Testing project has to name each of them too.
/// </summary>
public sealed class TestingPackageDependencyTests
{
    [Fact]
    public void TestingProject_NamesEveryPackageTheHostUses()
    {
        var root = Path.GetDirectoryName(ReadmeRpcTableTests.FindReadme())!;
        var host = PackagesOf(Path.Combine(root, "src", "LongRunningService", "LongRunningService.csproj"));
        var testing = PackagesOf(Path.Combine(root, "src", "LongRunningService.Testing", "LongRunningService.Testing.csproj"));

        Assert.Empty(host.Except(testing));
    }

    private static HashSet<string> PackagesOf(string project) =>
        XDocument.Load(project).Descendants("PackageReference")
            .Select(reference => (string?)reference.Attribute("Include") ?? string.Empty)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
