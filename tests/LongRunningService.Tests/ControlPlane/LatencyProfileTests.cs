using System.Net;
using Google.Cloud.AIPlatform.V1;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Transcoding;
using EngineOptions = LongRunningService.Operations.Jobs.JobEngineOptions;
using PresetProfile = LongRunningService.Operations.Jobs.LatencyProfile;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.ControlPlane;

public sealed class LatencyProfileTests
{
    [Fact]
    public void FastPreset_EqualsTheJobsDefaults()
    {
        var defaults = PresetProfile.FromOptions(new EngineOptions());

        Assert.Equal(PresetProfile.Fast with { Name = "custom" }, defaults);
    }

    [Fact]
    public async Task ConfiguredProfile_Unknown_StopsStartNamingTheSettingAndTheValidOnes()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => TestServer.StartAsync(arguments: ["--latency-profile", "warp"]));

        Assert.Equal("Invalid Jobs:Profile (--latency-profile, env Jobs__Profile): 'warp' is not one of instant, fast, realistic.", error.Message);
    }

    [Fact]
    public async Task ListLatencyProfiles_ShowsPresetsTheDefaultAndProjectChoices()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        await control.SetLatencyProfileAsync("slow-project", "realistic");

        var profiles = (await control.ListLatencyProfilesAsync()).LatencyProfiles;

        Assert.Equal(["instant", "fast", "realistic", "custom"], profiles.Select(p => p.Name));
        var realistic = profiles.Single(p => p.Name == "realistic");
        Assert.Equal(TimeSpan.FromMinutes(15), realistic.RunningDuration.ToTimeSpan());
        Assert.Equal(["slow-project"], realistic.Projects);
        Assert.True(profiles.Single(p => p.Name == "custom").Default);
        Assert.Equal(TimeSpan.Zero, profiles.Single(p => p.Name == "instant").RunningDuration.ToTimeSpan());
    }

    [Fact]
    public async Task ConfiguredProfile_IsTheDefaultJobsFollow()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Jobs:Profile"] = "instant" });
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        await control.PauseAsync();

        var job = await vertex.CreatePipelineJobAsync("projects/p/locations/l", VertexTestClient.Pipeline());

        var profiles = (await control.ListLatencyProfilesAsync()).LatencyProfiles;
        Assert.Equal(["instant", "fast", "realistic"], profiles.Select(p => p.Name));
        Assert.True(profiles.Single(p => p.Name == "instant").Default);
        Assert.Equal(PipelineState.Succeeded, (await Settled(vertex, job.Name)).State);
    }

    [Fact]
    public async Task SetLatencyProfile_NewJobsOfTheProjectUseIt_RunningOnesAndOtherProjectsKeepTheirs()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        var vertex = new VertexTestClient(grpc);
        await control.PauseAsync();
        var before = await vertex.CreatePipelineJobAsync("projects/slow/locations/l", VertexTestClient.Pipeline());

        var chosen = await control.SetLatencyProfileAsync("slow", "realistic");
        var after = await vertex.CreatePipelineJobAsync("projects/slow/locations/l", VertexTestClient.Pipeline());
        var other = await vertex.CreatePipelineJobAsync("projects/other/locations/l", VertexTestClient.Pipeline());
        await control.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("realistic", chosen.Name);
        Assert.False(chosen.Default);
        Assert.Equal(PipelineState.Succeeded, (await Settled(vertex, before.Name)).State);
        Assert.Equal(PipelineState.Succeeded, (await Settled(vertex, other.Name)).State);
        var pending = await VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(after.Name), j => j.State != PipelineState.Queued);
        Assert.Equal(PipelineState.Pending, pending.State);
        await control.AdvanceAsync(TimeSpan.FromMinutes(16.5));
        var done = await Settled(vertex, after.Name);
        Assert.Equal(PipelineState.Succeeded, done.State);
        Assert.Equal(TimeSpan.FromMinutes(17.5), done.EndTime.ToDateTimeOffset() - done.CreateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task SetLatencyProfile_EmptyProject_ChangesTheServerDefault_EmptyProfileRestoresIt()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);

        var set = await control.SetLatencyProfileAsync(string.Empty, "instant");
        var projectBack = await control.SetLatencyProfileAsync("p", string.Empty);
        var restored = await control.SetLatencyProfileAsync(string.Empty, string.Empty);

        Assert.Equal("instant", set.Name);
        Assert.True(set.Default);
        Assert.Equal("instant", projectBack.Name);
        Assert.Equal("custom", restored.Name);
        Assert.True(restored.Default);
    }

    [Fact]
    public async Task SetLatencyProfile_UnknownProfile_IsInvalidArgumentNamingTheValidOnes()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);

        var error = await Assert.ThrowsAsync<RpcException>(() => control.SetLatencyProfileAsync("p", "slow"));

        Assert.Equal(Code.InvalidArgument, error.Code());
        Assert.Contains("instant, fast, realistic", error.Message, StringComparison.Ordinal);
        Assert.Contains("'slow'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_ClearsProjectChoices_AllOrOne()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var control = new ControlTestClient(grpc);
        await control.SetLatencyProfileAsync("a", "instant");
        await control.SetLatencyProfileAsync("b", "instant");
        await control.SetLatencyProfileAsync(string.Empty, "realistic");

        await control.ResetAsync("a");
        var afterProjectReset = await control.ListLatencyProfilesAsync();
        await control.ResetAsync();
        var afterFullReset = await control.ListLatencyProfilesAsync();

        Assert.Equal(["b"], afterProjectReset.LatencyProfiles.Single(p => p.Name == "instant").Projects);
        Assert.True(afterProjectReset.LatencyProfiles.Single(p => p.Name == "realistic").Default);
        Assert.All(afterFullReset.LatencyProfiles, p => Assert.Empty(p.Projects));
        Assert.True(afterFullReset.LatencyProfiles.Single(p => p.Name == "custom").Default);
    }

    [Fact]
    public async Task Rest_SetAndListLatencyProfiles()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var set = await rest.PostAsync("/emulator/v1/projects/rest-project:setLatencyProfile", """{"profile":"instant"}""");
        var list = await rest.GetAsync("/emulator/v1/latencyProfiles");
        var bad = await rest.PostAsync("/emulator/v1:setLatencyProfile", """{"profile":"warp"}""");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("instant", set.Json.GetProperty("name").GetString());
        Assert.Equal("0s", set.Json.GetProperty("runningDuration").GetString());
        var instant = list.Json.GetProperty("latencyProfiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "instant");
        Assert.Equal("rest-project", instant.GetProperty("projects")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("INVALID_ARGUMENT", bad.Error.GetProperty("status").GetString());
    }

    private static Task<PipelineJob> Settled(VertexTestClient vertex, string name) =>
        VertexTestClient.EventuallyAsync(() => vertex.GetPipelineJobAsync(name), j => j.State is PipelineState.Succeeded or PipelineState.Failed or PipelineState.Cancelled);
}
