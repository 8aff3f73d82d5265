namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A string pattern where <c>*</c> matches any run of characters (AIP-160 wildcards),
/// compared ordinally. Immutable, so one instance serves concurrent List calls.
/// </summary>
internal sealed class WildcardPattern
{
    // The literal text between wildcards: "a*b" is ["a", "b"], "*" is ["", ""].
    // A single part means the pattern has no wildcard at all.
    private readonly string[] _parts;

    private WildcardPattern(string[] parts)
    {
        _parts = parts;
    }

    /// <summary>A pattern that matches exactly <paramref name="text"/>, even if it contains <c>*</c>.</summary>
    public static WildcardPattern Literal(string text) => new([text]);

    /// <summary>A pattern from the literal parts found between unescaped wildcards.</summary>
    public static WildcardPattern FromParts(IReadOnlyList<string> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("A wildcard pattern needs at least one part.", nameof(parts));
        }

        return new WildcardPattern([.. parts]);
    }

    /// <summary>The text to compare exactly, or null when the pattern has a wildcard.</summary>
    public string? LiteralText => _parts.Length == 1 ? _parts[0] : null;

    /// <summary>True for <c>*</c> (or <c>**</c>...), which matches every string, even the empty one.</summary>
    public bool MatchesEverything => _parts.Length > 1 && Array.TrueForAll(_parts, part => part.Length == 0);

    /// <summary>The same pattern anywhere inside the input: <c>p</c> becomes <c>*p*</c>.</summary>
    public WildcardPattern ToContains() => new(["", .. _parts, ""]);

    public bool IsMatch(string input)
    {
        if (_parts.Length == 1)
        {
            return string.Equals(input, _parts[0], StringComparison.Ordinal);
        }

        var first = _parts[0];
        var last = _parts[^1];

        // The length check stops the prefix and suffix from sharing characters ("ab*ba" must not match "aba").
        if (input.Length < first.Length + last.Length
            || !input.StartsWith(first, StringComparison.Ordinal)
            || !input.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // With '*' as the only wildcard, taking each middle part at its leftmost place is always
        // safe: it leaves the most room for the parts after it, so no backtracking is needed.
        var middle = input.AsSpan(first.Length, input.Length - first.Length - last.Length);
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = middle.IndexOf(_parts[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            middle = middle[(at + _parts[i].Length)..];
        }

        return true;
    }
}
