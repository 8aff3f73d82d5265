using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Jobs;
using LongRunningService.Services.Errors;
using ProfileMessage = LongRunning.Emulator.V1.LatencyProfile;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Contracts;

namespace LongRunningService.Services.Emulator;

/// <summary>Latency profiles as the control API shows them, and the names it accepts.</summary>
internal static class LatencyProfileMessages
{
    /// <summary>The presets, then the server default when it is none of them, each with the projects that chose it.</summary>
    public static IEnumerable<ProfileMessage> List(LatencyProfiles profiles)
    {
        var chosen = profiles.Chosen;
        var shown = LatencyProfile.All.Contains(profiles.Default) ? LatencyProfile.All : [.. LatencyProfile.All, profiles.Default];
        return shown.Select(profile =>
        {
            var message = Describe(profile, profiles);
            message.Projects.Add(chosen.Where(p => p.Value == profile).Select(p => p.Key).Order(StringComparer.Ordinal));
            return message;
        });
    }

    public static ProfileMessage Describe(LatencyProfile profile, LatencyProfiles profiles) => new()
    {
        Name = profile.Name,
        QueuedDuration = Duration.FromTimeSpan(profile.Queued),
        PendingDuration = Duration.FromTimeSpan(profile.Pending),
        RunningDuration = Duration.FromTimeSpan(profile.Running),
        CancelDelay = Duration.FromTimeSpan(profile.CancelDelay),
        DeleteDuration = Duration.FromTimeSpan(profile.DeleteDuration),
        Default = profile == profiles.Default,
    };

    /// <summary>The preset a request names; null for an empty name (back to the default).</summary>
    public static LatencyProfile? Resolve(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }

        return LatencyProfile.Find(name)
            ?? throw RpcErrors.InvalidField("profile", $"The field `profile` must name a latency profile: {string.Join(", ", LatencyProfile.All.Select(p => p.Name))} (or be empty for the default); '{ClientText.Prefix(name)}' is none of them.");
    }
}
