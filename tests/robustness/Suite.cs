namespace LongRunningService.Robustness;

/// <summary>What every section shares: the clients, the counts, the RPCs, the seed and how long to go on.</summary>
internal sealed class Suite(Wire wire, Tally tally, IReadOnlyList<Rpc> rpcs, int seed, bool thorough, string? serverDll)
{
    public Wire Wire { get; } = wire;

    /// <summary>A second server on the same PostgreSQL database, or null: the ledger then sends half its clients there.</summary>
    public Wire? Second { get; init; }

    public Tally Tally { get; } = tally;

    public IReadOnlyList<Rpc> Rpcs { get; } = rpcs;

    public int Seed { get; } = seed;

    /// <summary>The long run (<c>--long</c>): more fuzz cases and a longer ledger.</summary>
    public bool Thorough { get; } = thorough;

    /// <summary>The server's assembly, to start more servers (the seed file case); null skips those.</summary>
    public string? ServerDll { get; } = serverDll;

    public Rpc Find(string method) => Rpcs.First(r => r.Method == method && !r.Service.Contains("v1beta1", StringComparison.Ordinal));

    /// <summary>The server answers its health check; a failed case otherwise.</summary>
    public async Task<bool> HealthyAsync(string section, string after)
    {
        var health = await Wire.RestAsync(HttpMethod.Get, "/healthz");
        return Tally.Check(section, "healthy after " + after, health.HttpStatus == 200, health.TimedOut ? "no answer in time" : $"GET /healthz answered {health.HttpStatus}");
    }

    /// <summary>Puts back what fuzzed control calls may have changed: fault rules gone, the clock running at real time.</summary>
    public async Task RestoreControlAsync()
    {
        var rules = await Wire.RestAsync(HttpMethod.Get, "/emulator/v1/faultRules");
        if (rules.HttpStatus == 200)
        {
            using var document = System.Text.Json.JsonDocument.Parse(rules.Body);
            if (document.RootElement.TryGetProperty("faultRules", out var list))
            {
                foreach (var rule in list.EnumerateArray())
                {
                    await Wire.RestAsync(HttpMethod.Delete, "/emulator/v1/" + rule.GetProperty("name").GetString());
                }
            }
        }

        await Wire.RestAsync(HttpMethod.Post, "/emulator/v1/clock:update", "{\"mode\":\"RUNNING\",\"scale\":1}");
    }
}
