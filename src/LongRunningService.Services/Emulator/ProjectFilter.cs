using LongRunningService.Contracts;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Emulator;

/// <summary>The <c>project</c> field of control requests: a project ID or number, empty for everything.</summary>
internal static class ProjectFilter
{
    public static void RequireProjectId(string project)
    {
        if (project.Contains('/', StringComparison.Ordinal))
        {
            throw RpcErrors.InvalidField("project", $"The field `project` takes a project ID or number, not a path: '{ClientText.Prefix(project)}'.");
        }
    }

    /// <summary>Whether a resource name belongs to the project; every name does when it is empty.</summary>
    public static Func<string, bool> Owns(string project)
    {
        RequireProjectId(project);
        if (project.Length == 0)
        {
            return static _ => true;
        }

        var prefix = $"projects/{project}/";
        return name => name.StartsWith(prefix, StringComparison.Ordinal);
    }
}
