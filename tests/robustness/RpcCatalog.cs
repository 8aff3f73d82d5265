using System.Text;
using System.Text.RegularExpressions;

namespace LongRunningService.Robustness;

/// <summary>
/// Every unary RPC the server serves, read from the repository's protos (so
/// no list here can drift from them): service, method and the primary
/// <c>google.api.http</c> rule, its template made concrete with sample IDs.
/// </summary>
internal static partial class RpcCatalog
{
    private static readonly string[] Files =
    [
        "google/longrunning/operations.proto",
        "longrunning/emulator/v1/operations_emulator.proto",
        "longrunning/emulator/v1/emulator_control.proto",
        "google/cloud/aiplatform/v1/pipeline_service.proto",
        "google/cloud/aiplatform/v1/job_service.proto",
        "google/cloud/aiplatform/v1beta1/pipeline_service.proto",
        "google/cloud/aiplatform/v1beta1/job_service.proto",
        "google/cloud/optimization/v1/fleet_routing.proto",
    ];

    public static IReadOnlyList<Rpc> Load(string protoRoot)
    {
        var rpcs = new List<Rpc>();
        foreach (var file in Files)
        {
            var text = File.ReadAllText(Path.Combine(protoRoot, file));
            var package = PackagePattern().Match(text).Groups[1].Value;
            foreach (Match service in ServicePattern().Matches(text))
            {
                var body = Block(text, service.Index + service.Length - 1);
                foreach (Match rpc in RpcPattern().Matches(body))
                {
                    if (rpc.Groups["stream"].Success || rpc.Groups["sstream"].Success)
                    {
                        continue; // the suite speaks unary calls only
                    }

                    var options = rpc.Groups["options"].Success ? Block(body, rpc.Index + rpc.Length - 1) : string.Empty;
                    var http = HttpPattern().Match(options);
                    string? verb = http.Success ? http.Groups[1].Value : null;
                    var template = http.Success ? http.Groups[2].Value : null;
                    var hasBody = BodyPattern().IsMatch(options);
                    var (path, sample) = template is null ? (null, "projects/p/locations/l") : Concrete(template);
                    rpcs.Add(new Rpc($"{package}.{service.Groups[1].Value}", rpc.Groups["name"].Value, verb, path, hasBody, sample));
                }
            }
        }

        // gRPC health is served from Grpc.HealthCheck's definition, not from our protos: its one unary method, no REST binding.
        rpcs.Add(new Rpc("grpc.health.v1.Health", "Check", null, null, false, "projects/p/locations/l"));
        return rpcs;
    }

    // "/v1/{name=projects/*/locations/*/pipelineJobs/*}:cancel" -> ("/v1/projects/p1/locations/l1/pipelineJobs/x1:cancel", "projects/p1/…/x1").
    private static (string Path, string Sample) Concrete(string template)
    {
        var sample = string.Empty;
        var path = VariablePattern().Replace(template, match =>
        {
            var pattern = match.Groups[2].Success ? match.Groups[2].Value : "*";
            var n = 0;
            var value = string.Join('/', pattern.Split('/').Select(segment => segment is "*" or "**" ? $"x{++n}" : segment));
            sample = sample.Length == 0 ? value : sample;
            return value;
        });
        return (path, sample.Length == 0 ? "projects/p/locations/l" : sample);
    }

    // The text between the brace at open and its match.
    private static string Block(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        return text[(open + 1)..];
    }

    [GeneratedRegex(@"^package\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex PackagePattern();

    [GeneratedRegex(@"^service\s+(\w+)\s*\{", RegexOptions.Multiline)]
    private static partial Regex ServicePattern();

    [GeneratedRegex(@"rpc\s+(?<name>\w+)\s*\(\s*(?<stream>stream\s+)?[\w.]+\s*\)\s*returns\s*\(\s*(?<sstream>stream\s+)?[\w.]+\s*\)\s*(?<options>\{)?")]
    private static partial Regex RpcPattern();

    [GeneratedRegex(@"\b(get|post|delete|patch|put)\s*:\s*""([^""]+)""")]
    private static partial Regex HttpPattern();

    [GeneratedRegex(@"\bbody\s*:\s*""[^""]+""")]
    private static partial Regex BodyPattern();

    [GeneratedRegex(@"\{([\w.]+)(?:=([^}]+))?\}")]
    private static partial Regex VariablePattern();
}
