namespace LongRunningService.Operations.Registry;

/// <summary>
/// Operation resource names: <c>operations/{id}</c> at the top, or
/// <c>{parent}/operations/{id}</c> under any resource (AIP-122 style paths).
/// </summary>
internal static class OperationNames
{
    public const string Collection = "operations";
    public const int MaxNameLength = 1024;

    /// <summary>Splits a well-formed operation name into its parent ("" at the top) and ID.</summary>
    public static bool TryParse(string name, out string parent, out string id)
    {
        parent = string.Empty;
        id = string.Empty;
        if (!IsWellFormedPath(name))
        {
            return false;
        }

        var lastSlash = name.LastIndexOf('/');
        if (lastSlash < 0)
        {
            return false;
        }

        var collectionEnd = lastSlash;
        var collectionStart = name.LastIndexOf('/', collectionEnd - 1) + 1;
        if (!name.AsSpan(collectionStart, collectionEnd - collectionStart).SequenceEqual(Collection))
        {
            return false;
        }

        id = name[(lastSlash + 1)..];
        parent = collectionStart == 0 ? string.Empty : name[..(collectionStart - 1)];
        return true;
    }

    /// <summary>
    /// Reads the <c>name</c> of ListOperations: the parent resource
    /// (<c>projects/p/locations/l</c>, as Vertex clients send), or the collection
    /// itself (<c>operations</c>, <c>projects/p/operations</c>). Returns the parent ("" at the top).
    /// </summary>
    public static bool TryParseCollection(string name, out string parent)
    {
        parent = string.Empty;
        if (name == Collection)
        {
            return true;
        }

        if (!IsWellFormedPath(name))
        {
            return false;
        }

        const string suffix = "/" + Collection;
        parent = name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
        return parent.Length > 0;
    }

    public static string Combine(string parent, string id) =>
        parent.Length == 0 ? $"{Collection}/{id}" : $"{parent}/{Collection}/{id}";

    /// <summary>Non-empty segments of visible ASCII without spaces, and a sane length.</summary>
    public static bool IsWellFormedPath(string path)
    {
        if (path.Length == 0 || path.Length > MaxNameLength || path[0] == '/' || path[^1] == '/')
        {
            return false;
        }

        var previous = '\0';
        foreach (var c in path)
        {
            if (c <= ' ' || c > '~' || (c == '/' && previous == '/'))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }
}
