using System.Text.RegularExpressions;
using LongRunningService.Contracts;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Optimization;

/// <summary>Cloud Optimization resource names, checked as the service's HTTP bindings accept them.</summary>
internal static partial class OptimizationNames
{
    /// <summary>
    /// The parent of FleetRouting calls: <c>projects/{project}</c> or
    /// <c>projects/{project}/locations/{location}</c>, the two forms its
    /// <c>google.api.http</c> rules bind.
    /// </summary>
    public static string RequireParent(string value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RpcErrors.RequiredField(field);
        }

        if (!ParentPattern().IsMatch(value))
        {
            throw RpcErrors.InvalidField(
                field,
                $"The field `{field}` '{ClientText.Prefix(value)}' is invalid: expected 'projects/{{project}}' or 'projects/{{project}}/locations/{{location}}'.");
        }

        return value;
    }

    [GeneratedRegex("^projects/[a-z0-9][-a-z0-9.:]{0,62}(/locations/[a-z0-9][-a-z0-9]{0,62})?$")]
    private static partial Regex ParentPattern();
}
