using LongRunningService.Protocol.Grpc;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Docs;

public sealed class ReadmeRpcTableTests
{
    private const string Begin = "<!-- vertex-rpc-table:begin -->";
    private const string End = "<!-- vertex-rpc-table:end -->";

    [Fact]
    public async Task ReadmeVertexRpcTable_MatchesWhatTheServerBinds()
    {
        await using var server = await TestServer.StartAsync();
        var methods = server.GetService<GrpcMethodTable>();
        var expected = ExpectedTable(methods);

        var readme = await File.ReadAllTextAsync(FindReadme());
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no Vertex RPC table markers.");
        var actual = readme[(start + Begin.Length)..end].Trim();

        Assert.True(expected == actual, "README's Vertex RPC table is out of date; it should read:\n" + expected);
    }

    private static string ExpectedTable(GrpcMethodTable methods)
    {
        var status = methods.Services
            .Where(s => s.FullName.StartsWith("google.cloud.aiplatform.", StringComparison.Ordinal))
            .SelectMany(s => s.Methods)
            .ToDictionary(m => m.FullName, m => methods.TryGetHandler($"/{m.Service.FullName}/{m.Name}", out var served) && served.Handler is not null ? "emulated" : "UNIMPLEMENTED");
        var lines = new List<string> { "| RPC | v1 | v1beta1 |", "|---|---|---|" };
        foreach (var service in new[] { "PipelineService", "JobService" })
        {
            var names = status.Keys
                .Where(k => k.StartsWith($"google.cloud.aiplatform.v1.{service}.", StringComparison.Ordinal)
                    || k.StartsWith($"google.cloud.aiplatform.v1beta1.{service}.", StringComparison.Ordinal))
                .Select(k => k[(k.LastIndexOf('.') + 1)..])
                .Distinct()
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var v1 = status.GetValueOrDefault($"google.cloud.aiplatform.v1.{service}.{name}", "absent");
                var beta = status.GetValueOrDefault($"google.cloud.aiplatform.v1beta1.{service}.{name}", "absent");
                lines.Add($"| `{service}.{name}` | {v1} | {beta} |");
            }
        }

        return string.Join('\n', lines);
    }

    internal static string FindReadme()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LongRunningService.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("No solution folder above the tests."), "README.md");
    }
}
