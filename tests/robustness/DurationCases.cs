namespace LongRunningService.Robustness;

/// <summary>Durations, timeouts, clock scales and page tokens a client gets wrong.</summary>
internal static class DurationCases
{
    private const string Section = "durations";

    public static async Task RunAsync(Suite suite)
    {
        var start = suite.Find("StartOperation");
        var wait = suite.Find("WaitOperation");
        var advance = suite.Find("AdvanceClock");
        var running = await suite.Wire.GrpcAsync(start.GrpcPath, Proto.New().Str(1, "projects/robust/locations/l").Msg(3, Proto.New().Msg(1, Proto.Duration(3600))).ToArray());
        var name = ProtoReader.Fields(running.Body) is { } fields ? ProtoReader.String(fields, 1) ?? "operations/missing" : "operations/missing";

        foreach (var (seconds, nanos) in StrangeText.Durations)
        {
            var duration = Proto.Duration(seconds, nanos);
            var label = $"seconds={seconds}, nanos={nanos}";
            await InvalidAsync(suite, $"StartOperation script.duration {label}", start.GrpcPath, Proto.New().Msg(3, Proto.New().Msg(1, duration)));
            await InvalidAsync(suite, $"StartOperation script.cancel_delay {label}", start.GrpcPath, Proto.New().Msg(3, Proto.New().Msg(6, duration)));
            await InvalidAsync(suite, $"CreateFaultRule delay {label}", suite.Find("CreateFaultRule").GrpcPath, Proto.New().Msg(1, Proto.New().Str(2, "*").Msg(8, duration)));
            await InvalidAsync(suite, $"AdvanceClock duration {label}", advance.GrpcPath, Proto.New().Msg(1, duration), allowOk: seconds > 0 && nanos >= 0 && seconds < 315_576_000_000);
            if (nanos is <= -1_000_000_000 or >= 1_000_000_000 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0))
            {
                await InvalidAsync(suite, $"WaitOperation timeout {label}", wait.GrpcPath, Proto.New().Str(1, name).Msg(2, duration));
            }

            suite.Tally.Expect(Section, $"REST WaitOperation timeout {label}", await suite.Wire.RestAsync(
                HttpMethod.Post, $"/v1/{name}:wait", $"{{\"timeout\":\"{seconds}.{Math.Abs(nanos):D9}s\"}}"));
        }

        foreach (var text in StrangeText.RestDurations)
        {
            suite.Tally.Expect(Section, $"REST script duration {text}", await suite.Wire.RestAsync(
                HttpMethod.Post, "/emulator/v1/operations:start", $"{{\"script\":{{\"duration\":{(text.StartsWith('"') ? text : "\"" + text + "\"")}}}}}"));
            suite.Tally.Expect(Section, $"REST clock:advance {text}", await suite.Wire.RestAsync(
                HttpMethod.Post, "/emulator/v1/clock:advance", $"{{\"duration\":{(text.StartsWith('"') ? text : "\"" + text + "\"")}}}"));
        }

        foreach (var timeout in StrangeText.GrpcTimeouts)
        {
            suite.Tally.Expect(Section, $"grpc-timeout '{timeout}'", await suite.Wire.GrpcAsync(wait.GrpcPath, Proto.New().Str(1, name).Msg(2, Proto.Duration(0, 1_000_000)).ToArray(), timeout));
        }

        foreach (var scale in new[] { 1e-9, 1e12, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, double.Epsilon })
        {
            await InvalidAsync(suite, $"UpdateClock scale {scale}", suite.Find("UpdateClock").GrpcPath, Proto.New().Int(1, 1).Double(2, scale));
            suite.Tally.Expect(Section, $"REST clock:update scale {scale}", await suite.Wire.RestAsync(
                HttpMethod.Post, "/emulator/v1/clock:update", $"{{\"mode\":\"RUNNING\",\"scale\":{(double.IsFinite(scale) ? scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "\"" + scale.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"")}}}"));
        }

        await suite.RestoreControlAsync();
        foreach (var token in StrangeText.PageTokens)
        {
            await InvalidAsync(suite, $"ListOperations page_token {token.Length} chars", suite.Find("ListOperations").GrpcPath, Proto.New().Str(4, "projects/robust/locations/l").Str(3, token));
            await InvalidAsync(suite, $"ListPipelineJobs page_token {token.Length} chars", suite.Find("ListPipelineJobs").GrpcPath, Proto.New().Str(1, "projects/robust/locations/l").Str(4, token));
            await InvalidAsync(suite, $"ListCalls page_token {token.Length} chars", suite.Find("ListCalls").GrpcPath, Proto.New().Str(4, token));
            var escaped = Uri.EscapeDataString(token.Length > 8192 ? token[..8192] : token);
            suite.Tally.Expect(Section, $"REST ListOperations pageToken {token.Length} chars", await suite.Wire.RestAsync(HttpMethod.Get, "/v1/projects/robust/locations/l/operations?pageToken=" + escaped));
            suite.Tally.Expect(Section, $"REST ListPipelineJobs pageToken {token.Length} chars", await suite.Wire.RestAsync(HttpMethod.Get, "/v1/projects/robust/locations/l/pipelineJobs?pageToken=" + escaped));
        }

        foreach (var size in new[] { -1, int.MinValue, int.MaxValue })
        {
            suite.Tally.Expect(Section, $"ListOperations page_size {size}", await suite.Wire.GrpcAsync(suite.Find("ListOperations").GrpcPath, Proto.New().Str(4, "projects/robust/locations/l").Int(2, size).ToArray()));
        }

        await suite.RestoreControlAsync();
        await suite.HealthyAsync(Section, "bad durations and tokens");
    }

    // The answer is INVALID_ARGUMENT (or, where the value may be fine, OK).
    private static async Task InvalidAsync(Suite suite, string what, string path, Proto request, bool allowOk = false)
    {
        var answer = await suite.Wire.GrpcAsync(path, request.ToArray());
        if (suite.Tally.Expect(Section, what, answer))
        {
            suite.Tally.Check(Section, what + " is INVALID_ARGUMENT", answer.GrpcStatus == 3 || (allowOk && answer.GrpcStatus == 0), $"answered {answer.Label}: {answer.Message}");
        }
    }
}
