using System.Diagnostics;
using System.Text;

namespace LongRunningService.Robustness;

/// <summary>JSON nested thousands deep at every JSON entry point: REST bodies, Connect JSON, the control plane and the seed file.</summary>
internal static class DeepJsonCases
{
    private const string Section = "deep-json";

    public static async Task RunAsync(Suite suite)
    {
        foreach (var depth in new[] { 200, 7_000, 100_000 })
        {
            var list = Nest('[', ']', depth, "1");
            var objects = Nest("{\"a\":", "}", depth, "1");
            var cases = new (string What, Func<Task<Answer>> Send)[]
            {
                ("REST CreatePipelineJob Struct", () => suite.Wire.RestAsync(HttpMethod.Post, "/v1/projects/p/locations/l/pipelineJobs", $"{{\"displayName\":\"d\",\"runtimeConfig\":{{\"parameterValues\":{{\"p\":{list}}}}}}}")),
                ("REST CreatePipelineJob objects", () => suite.Wire.RestAsync(HttpMethod.Post, "/v1/projects/p/locations/l/pipelineJobs", $"{{\"displayName\":\"d\",\"pipelineSpec\":{objects}}}")),
                ("REST StartOperation ListValue", () => suite.Wire.RestAsync(HttpMethod.Post, "/emulator/v1/operations:start", $"{{\"script\":{{\"response\":{{\"@type\":\"type.googleapis.com/google.protobuf.ListValue\",\"value\":{list}}}}}}}")),
                ("REST clock:update", () => suite.Wire.RestAsync(HttpMethod.Post, "/emulator/v1/clock:update", $"{{\"mode\":{list}}}")),
                ("REST faultRules", () => suite.Wire.RestAsync(HttpMethod.Post, "/emulator/v1/faultRules", $"{{\"method\":\"*\",\"status\":{{\"code\":3,\"details\":[{{\"@type\":\"type.googleapis.com/google.protobuf.Value\",\"value\":{list}}}]}}}}")),
                ("REST state:import", () => suite.Wire.RestAsync(HttpMethod.Post, "/emulator/v1/state:import", $"{{\"jobs\":[{{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob\",\"pipelineSpec\":{objects}}}]}}")),
                ("Connect JSON CreatePipelineJob", () => suite.Wire.ConnectJsonAsync("/google.cloud.aiplatform.v1.PipelineService/CreatePipelineJob", $"{{\"parent\":\"projects/p/locations/l\",\"pipelineJob\":{{\"runtimeConfig\":{{\"parameterValues\":{{\"p\":{list}}}}}}}}}")),
                ("Connect JSON StartOperation", () => suite.Wire.ConnectJsonAsync("/longrunning.emulator.v1.OperationsEmulator/StartOperation", $"{{\"script\":{{\"response\":{{\"@type\":\"type.googleapis.com/google.protobuf.Value\",\"value\":{list}}}}}}}")),
                ("Connect JSON ImportState", () => suite.Wire.ConnectJsonAsync("/longrunning.emulator.v1.EmulatorControl/ImportState", $"{{\"state\":{{\"operations\":[{{\"name\":\"operations/deep\",\"metadata\":{{\"@type\":\"type.googleapis.com/google.protobuf.Struct\",\"value\":{{\"a\":{list}}}}}}}]}}}}")),
            };
            foreach (var (what, send) in cases)
            {
                var answer = await send();
                var label = $"{what}, depth {depth}";
                if (suite.Tally.Expect(Section, label, answer))
                {
                    suite.Tally.Check(Section, label + " is INVALID_ARGUMENT", answer.GrpcStatus == 3, $"answered {answer.Label}: {answer.Message}");
                }

                if (!await suite.HealthyAsync(Section, label))
                {
                    return;
                }
            }
        }

        await SeedFileAsync(suite);
    }

    // A seed file nested 100,000 deep: start-up must stop with a message naming the file, not overflow the stack.
    private static async Task SeedFileAsync(Suite suite)
    {
        if (suite.ServerDll is null)
        {
            return;
        }

        var seed = Path.Combine(Path.GetTempPath(), $"lrs-robustness-seed-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(seed, "{\"operations\":[{\"name\":\"operations/s\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.ListValue\",\"value\":" + Nest('[', ']', 100_000, "1") + "}}]}");
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { suite.ServerDll, "--port", "0", "--seed", seed })
            {
                start.ArgumentList.Add(argument);
            }

            using var server = Process.Start(start)!;
            var stderr = server.StandardError.ReadToEndAsync();
            var stdout = server.StandardOutput.ReadToEndAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await server.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                suite.Tally.Fail(Section, "deep seed file", "the server neither started nor stopped within 60 s");
                return;
            }

            var error = await stderr + await stdout;
            suite.Tally.Check(
                Section,
                "deep seed file stops start-up naming it, without overflowing the stack",
                server.ExitCode != 0 && error.Contains("was not loaded", StringComparison.Ordinal) && !error.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase),
                $"exit code {server.ExitCode}: {error[..Math.Min(error.Length, 300)]}");
        }
        finally
        {
            File.Delete(seed);
        }
    }

    private static string Nest(char open, char close, int depth, string inner) => new string(open, depth) + inner + new string(close, depth);

    private static string Nest(string open, string close, int depth, string inner)
    {
        var text = new StringBuilder((open.Length + close.Length) * depth + inner.Length);
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(inner);
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }
}
