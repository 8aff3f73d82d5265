namespace LongRunningService.Robustness;

/// <summary>Long and strange names (<c>..</c>, <c>%2F</c>, NUL, 100 KB) in every name-taking call, over gRPC and REST.</summary>
internal static class NameCases
{
    private const string Section = "names";

    // Errors quote at most a short prefix of what the client sent.
    private const int LongestMessage = 2048;

    public static async Task RunAsync(Suite suite)
    {
        var methods = new (string Method, int Field)[]
        {
            ("GetOperation", 1), ("CancelOperation", 1), ("DeleteOperation", 1), ("WaitOperation", 1), ("ListOperations", 4),
            ("StartOperation", 1), ("StartOperation", 2), ("GetPipelineJob", 1), ("CancelPipelineJob", 1), ("DeletePipelineJob", 1),
            ("ListPipelineJobs", 1), ("CreatePipelineJob", 3), ("GetNasTrialDetail", 1), ("DeleteFaultRule", 1), ("SetLatencyProfile", 1),
            ("ExportState", 1), ("Reset", 1), ("BatchOptimizeTours", 1),
        };
        foreach (var name in StrangeText.Names)
        {
            foreach (var (method, field) in methods)
            {
                if (method == "Reset" && name.Length == 0)
                {
                    continue; // an empty project resets everything, which is no mistake
                }

                var rpc = suite.Find(method);
                var request = Proto.New().Str(field, name);
                if (method == "CreatePipelineJob")
                {
                    request = Proto.New().Str(1, "projects/p/locations/l").Msg(2, Proto.New().Str(2, "n")).Str(3, name);
                }

                var answer = await suite.Wire.GrpcAsync(rpc.GrpcPath, request.ToArray());
                var what = $"gRPC {rpc} field {field} = {Describe(name)}";
                if (suite.Tally.Expect(Section, what, answer))
                {
                    suite.Tally.Check(Section, what + " quotes briefly", answer.Message.Length <= LongestMessage, $"message of {answer.Message.Length} characters");
                }
            }

            foreach (var path in RestPaths(name))
            {
                var answer = await suite.Wire.RestAsync(path.Verb, path.Path, path.Verb == HttpMethod.Post ? "{}" : null);
                var what = $"REST {path.Verb} {Describe(path.Path)}";
                if (suite.Tally.Expect(Section, what, answer))
                {
                    suite.Tally.Check(Section, what + " quotes briefly", answer.Message.Length <= LongestMessage, $"message of {answer.Message.Length} characters");
                }
            }
        }

        await suite.RestoreControlAsync();
        await suite.HealthyAsync(Section, "strange names");
    }

    private static IEnumerable<(HttpMethod Verb, string Path)> RestPaths(string name)
    {
        var escaped = Uri.EscapeDataString(name.Length > 8192 ? name[..8192] : name);
        var raw = name.Length <= 8192 && name.All(c => c > ' ' && c <= '~') ? name : escaped;
        foreach (var piece in new[] { escaped, raw })
        {
            yield return (HttpMethod.Get, "/v1/projects/p/locations/l/operations/" + piece);
            yield return (HttpMethod.Get, "/v1/operations/" + piece);
            yield return (HttpMethod.Delete, "/v1/projects/p/locations/l/operations/" + piece);
            yield return (HttpMethod.Post, "/v1/projects/p/locations/l/operations/" + piece + ":cancel");
            yield return (HttpMethod.Post, "/v1/projects/p/locations/l/operations/" + piece + ":wait");
            yield return (HttpMethod.Get, "/v1/projects/p/locations/l/pipelineJobs/" + piece);
            yield return (HttpMethod.Get, "/v1/projects/" + piece + "/locations/l/pipelineJobs");
            yield return (HttpMethod.Post, "/v1/projects/p/locations/l/pipelineJobs?pipelineJobId=" + escaped);
            yield return (HttpMethod.Delete, "/emulator/v1/faultRules/" + piece);
            yield return (HttpMethod.Get, "/emulator/v1/state?project=" + escaped);
        }
    }

    private static string Describe(string text)
    {
        var shown = text.Length > 40 ? text[..40] + $"…({text.Length} chars)" : text;
        return "'" + shown.Replace("\0", "\\0", StringComparison.Ordinal) + "'";
    }
}
