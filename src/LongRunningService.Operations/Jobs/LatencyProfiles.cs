using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// The server-wide latency profile, and those chosen per project through the
/// control API. A job reads its project's profile once, when it is created,
/// so a change only reaches jobs created after it.
/// </summary>
internal sealed class LatencyProfiles(IOptions<JobEngineOptions> options)
{
    private readonly ConcurrentDictionary<string, LatencyProfile> _byProject = new(StringComparer.Ordinal);
    private LatencyProfile? _default;

    /// <summary>The profile the configuration gives (<c>Jobs:Profile</c> or the <c>Jobs:*Duration</c> settings).</summary>
    public LatencyProfile Configured { get; } = LatencyProfile.FromOptions(options.Value);

    /// <summary>The profile of every project without a choice of its own.</summary>
    public LatencyProfile Default => Volatile.Read(ref _default) ?? Configured;

    /// <summary>The profile for a resource name or parent (<c>projects/{project}/…</c>).</summary>
    public LatencyProfile For(string name)
    {
        var parts = name.Split('/', 3);
        return parts.Length >= 2 && parts[0] == "projects" && _byProject.TryGetValue(parts[1], out var profile) ? profile : Default;
    }

    /// <summary>
    /// The preset chosen for the project of <paramref name="name"/>, else the server
    /// default if it is a preset (chosen through the control API or <c>Jobs:Profile</c>);
    /// null when only the <c>Jobs:*Duration</c> settings apply, so a caller with
    /// settings of its own keeps them.
    /// </summary>
    public LatencyProfile? ChosenFor(string name)
    {
        var profile = For(name);
        return LatencyProfile.Find(profile.Name) == profile ? profile : null;
    }

    /// <summary>The projects that chose a profile, by project.</summary>
    public IReadOnlyDictionary<string, LatencyProfile> Chosen => new Dictionary<string, LatencyProfile>(_byProject, StringComparer.Ordinal);

    /// <summary>Chooses a project's profile; null goes back to the server default.</summary>
    public void Set(string project, LatencyProfile? profile)
    {
        if (profile is null)
        {
            _byProject.TryRemove(project, out _);
        }
        else
        {
            _byProject[project] = profile;
        }
    }

    /// <summary>Replaces the server default; null goes back to the configured one.</summary>
    public void SetDefault(LatencyProfile? profile) => Volatile.Write(ref _default, profile);

    /// <summary>Back to the configuration: one project's choice, or every choice and the server default when <paramref name="project"/> is null.</summary>
    public void Clear(string? project)
    {
        if (project is null)
        {
            _byProject.Clear();
            SetDefault(null);
        }
        else
        {
            _byProject.TryRemove(project, out _);
        }
    }
}
