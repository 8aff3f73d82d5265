using System.Text.RegularExpressions;
using LongRunningService.Contracts;
using LongRunningService.Services.Errors;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Vertex;

/// <summary>Vertex AI resource names and client-chosen IDs, checked as the service checks them.</summary>
internal static partial class VertexNames
{
    /// <summary>A location, <c>projects/{project}/locations/{location}</c>; the project may be a number or an ID.</summary>
    public static string RequireLocation(string value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RpcErrors.RequiredField(field);
        }

        return LocationPattern().IsMatch(value)
            ? value
            : throw RpcErrors.InvalidField(field, $"The field `{field}` '{ClientText.Prefix(value)}' is not a location: expected 'projects/{{project}}/locations/{{location}}'.");
    }

    /// <summary>A resource of <paramref name="collection"/> directly under a location.</summary>
    public static string RequireResource(string value, string field, string collection, string kind)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RpcErrors.RequiredField(field);
        }

        var slash = value.LastIndexOf('/');
        var collectionStart = slash > 0 ? value.LastIndexOf('/', slash - 1) : -1;
        var ok = collectionStart > 0
            && LocationPattern().IsMatch(value[..collectionStart])
            && value.AsSpan(collectionStart + 1, slash - collectionStart - 1).SequenceEqual(collection)
            && IdPattern().IsMatch(value[(slash + 1)..]);
        return ok
            ? value
            : throw RpcErrors.InvalidField(field, $"The field `{field}` '{ClientText.Prefix(value)}' is not a {kind} name: expected 'projects/{{project}}/locations/{{location}}/{collection}/{{id}}'.");
    }

    /// <summary>The location part of a resource name.</summary>
    public static string LocationOf(string name)
    {
        var parts = name.Split('/');
        return string.Join('/', parts[..4]);
    }

    /// <summary>A client-chosen job ID, e.g. <c>pipeline_job_id</c>: <c>[a-z][-a-z0-9]{0,127}</c>.</summary>
    public static void RequireClientId(string id, string field)
    {
        if (!ClientIdPattern().IsMatch(id))
        {
            throw RpcErrors.InvalidField(field, $"The field `{field}` '{ClientText.Prefix(id)}' is invalid: it must match the regular expression [a-z][-a-z0-9]{{0,127}}.");
        }
    }

    [GeneratedRegex("^projects/[a-z0-9][-a-z0-9.:]{0,62}/locations/[a-z0-9][-a-z0-9]{0,62}$")]
    private static partial Regex LocationPattern();

    [GeneratedRegex("^[a-z0-9][-a-z0-9]{0,127}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][-a-z0-9]{0,127}$")]
    private static partial Regex ClientIdPattern();
}
