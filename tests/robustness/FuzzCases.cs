namespace LongRunningService.Robustness;

/// <summary>
/// A seeded mutation fuzz over every unary RPC, on gRPC and on REST: each case
/// takes a valid first request of an RPC and changes it (bytes, JSON text,
/// path segments, query parameters); the answer may be any status but a
/// server fault. Replaying with the same seed sends the same cases.
/// </summary>
internal static class FuzzCases
{
    private const string Section = "fuzz";

    public static async Task RunAsync(Suite suite, int cases)
    {
        var mutator = new Mutator(new Random(suite.Seed));
        var rpcs = suite.Rpcs;
        var rest = rpcs.Where(r => r.RestPath is not null).ToList();
        for (var i = 0; i < cases; i++)
        {
            // Alternate transports so both get half; every RPC comes round on each.
            var overGrpc = i % 2 == 0;
            var rpc = overGrpc ? rpcs[i / 2 % rpcs.Count] : rest[i / 2 % rest.Count];
            var answer = overGrpc ? await GrpcCaseAsync(suite, mutator, rpc) : await RestCaseAsync(suite, mutator, rpc);
            suite.Tally.Expect(Section, $"case {i} {(overGrpc ? "gRPC" : "REST")} {rpc}", answer);
            if (rpc.Service.EndsWith("EmulatorControl", StringComparison.Ordinal))
            {
                await suite.RestoreControlAsync();
            }

            if (answer.TimedOut && !await suite.HealthyAsync(Section, $"case {i}"))
            {
                return;
            }
        }

        await suite.RestoreControlAsync();
        await suite.HealthyAsync(Section, $"{cases} fuzz cases");
    }

    private static Task<Answer> GrpcCaseAsync(Suite suite, Mutator mutator, Rpc rpc)
    {
        var request = mutator.Bytes(FirstRequest(rpc).ToArray());
        return mutator.Random.Next(20) switch
        {
            // A compressed flag without grpc-encoding, and a length prefix that lies.
            0 => suite.Wire.GrpcAsync(rpc.GrpcPath, [], rawBody: [1, .. Wire.Frame(request)[1..]]),
            1 => suite.Wire.GrpcAsync(rpc.GrpcPath, [], rawBody: [0, 0, 0, 0x10, 0, .. request]),
            2 => suite.Wire.GrpcAsync(rpc.GrpcPath, request, mutator.Pick(StrangeText.GrpcTimeouts)),
            _ => suite.Wire.GrpcAsync(rpc.GrpcPath, request, "2S"),
        };
    }

    private static Task<Answer> RestCaseAsync(Suite suite, Mutator mutator, Rpc rpc)
    {
        var path = mutator.Path(rpc.RestPath!);
        var verb = new HttpMethod(rpc.Verb!.ToUpperInvariant());
        var body = rpc.HasBody ? mutator.Json(FirstJson(rpc)) : null;
        return suite.Wire.RestAsync(verb, path, body);
    }

    // A valid-looking first request: the sample name in field 1, and a sensible body where one matters.
    private static Proto FirstRequest(Rpc rpc) => rpc.Method switch
    {
        "StartOperation" => Proto.New().Str(1, "projects/fuzz/locations/l").Msg(3, Proto.New().Msg(1, Proto.Duration(0, 50_000_000)).Int(2, 2)),
        "BatchStartOperations" => Proto.New().Str(1, "projects/fuzz/locations/l").Int(2, 3).Msg(3, Proto.New().Msg(1, Proto.Duration(0, 50_000_000))),
        "WaitOperation" => Proto.New().Str(1, "projects/fuzz/locations/l/operations/1").Msg(2, Proto.Duration(0, 10_000_000)),
        "ListOperations" => Proto.New().Str(4, "projects/fuzz/locations/l").Int(2, 5),
        "UpdateClock" => Proto.New().Int(1, 1).Double(2, 2),
        "AdvanceClock" => Proto.New().Msg(1, Proto.Duration(1)),
        "CreateFaultRule" => Proto.New().Msg(1, Proto.New().Str(2, "google.longrunning.Operations/GetOperation").Str(3, "nothing-matches-this").Int(4, 1).Msg(7, Proto.New().Int(1, 14))),
        "ImportState" => Proto.New().Msg(1, Proto.New().Msg(1, Proto.New().Str(1, "operations/fuzz-import").Bool(3, true))),
        "Reset" => Proto.New().Str(1, "fuzz"),
        "CreatePipelineJob" => Proto.New().Str(1, "projects/fuzz/locations/l").Msg(2, Proto.New().Str(2, "fuzz")),
        _ when rpc.Method.StartsWith("Create", StringComparison.Ordinal) => Proto.New().Str(1, "projects/fuzz/locations/l").Msg(2, Proto.New().Str(2, "fuzz")),
        _ => Proto.New().Str(1, rpc.SampleName),
    };

    private static string FirstJson(Rpc rpc) => rpc.Method switch
    {
        "StartOperation" => "{\"parent\":\"projects/fuzz/locations/l\",\"script\":{\"duration\":\"0.05s\",\"progressUpdates\":2}}",
        "BatchStartOperations" => "{\"parent\":\"projects/fuzz/locations/l\",\"count\":3,\"script\":{\"duration\":\"0.05s\"}}",
        "WaitOperation" => "{\"timeout\":\"0.01s\"}",
        "UpdateClock" => "{\"mode\":\"RUNNING\",\"scale\":2}",
        "AdvanceClock" => "{\"duration\":\"1s\"}",
        "CreateFaultRule" => "{\"method\":\"google.longrunning.Operations/GetOperation\",\"resourcePattern\":\"nothing-matches-this\",\"count\":1,\"status\":{\"code\":14}}",
        "ImportState" => "{\"operations\":[{\"name\":\"operations/fuzz-import\",\"done\":true}]}",
        "Reset" => "{\"project\":\"fuzz\"}",
        "SetLatencyProfile" => "{\"profile\":\"fast\"}",
        "BatchOptimizeTours" => "{\"modelConfigs\":[]}",
        _ when rpc.Method.StartsWith("Create", StringComparison.Ordinal) => "{\"displayName\":\"fuzz\",\"labels\":{\"emulator-duration\":\"50ms\"}}",
        _ when rpc.Method.StartsWith("Batch", StringComparison.Ordinal) => "{\"names\":[\"" + rpc.SampleName + "/pipelineJobs/1\"]}",
        _ => "{}",
    };
}
