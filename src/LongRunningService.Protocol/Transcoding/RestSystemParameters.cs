using Microsoft.Extensions.Primitives;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Google's system parameters (cloud.google.com/apis/docs/system-parameters),
/// which any method takes in its query string, with or without a '$' prefix.
/// <c>alt</c> and <c>prettyPrint</c> shape the response; the rest (field
/// filters, API keys, tokens, quota users, error format versions) are accepted
/// and have no effect here. Unknown '$' names are accepted too: no field can be
/// called that, and discovery-style clients send more of them than are listed.
/// </summary>
internal static class RestSystemParameters
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "fields", "key", "api_key", "access_token", "oauth_token", "quotaUser", "userProject", "userIp",
        "callback", "upload_protocol", "uploadType", "requestReason", ".xgafv",
    };

    /// <summary>Applies <paramref name="name"/> if it is a system parameter; false if it is not one.</summary>
    public static bool TryApply(string name, StringValues values, ref RestResponseFormat format)
    {
        var prefixed = name.StartsWith('$');
        var bare = prefixed ? name[1..] : name;
        switch (bare)
        {
            case "alt":
                format = format with { EnumsAsIntegers = ParseAlt(name, values[^1] ?? string.Empty) };
                return true;
            case "prettyPrint":
                format = format with { Pretty = ParseBool(name, values[^1] ?? string.Empty) };
                return true;
            default:
                return prefixed || Ignored.Contains(bare);
        }
    }

    // alt=json, optionally with ";enum-encoding=int" (AIP-4 clients ask for numeric enums this way).
    private static bool ParseAlt(string name, string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!string.Equals(parts[0], "json", StringComparison.OrdinalIgnoreCase))
        {
            throw RestProtocolErrors.InvalidSystemParameter(name, value, "this server answers in JSON only (alt=json)");
        }

        var enumsAsIntegers = false;
        foreach (var parameter in parts.AsSpan(1))
        {
            if (string.Equals(parameter, "enum-encoding=int", StringComparison.OrdinalIgnoreCase))
            {
                enumsAsIntegers = true;
            }
            else if (!string.Equals(parameter, "enum-encoding=string", StringComparison.OrdinalIgnoreCase))
            {
                throw RestProtocolErrors.InvalidSystemParameter(name, value, "the only parameter of alt=json is enum-encoding=int or enum-encoding=string");
            }
        }

        return enumsAsIntegers;
    }

    private static bool ParseBool(string name, string value) => value switch
    {
        "true" or "1" or "" => true,
        "false" or "0" => false,
        _ => throw RestProtocolErrors.InvalidSystemParameter(name, value, "expected true, false, 1 or 0"),
    };
}
