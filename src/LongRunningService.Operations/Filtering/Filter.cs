namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A parsed AIP-160 filter (https://google.aip.dev/160) for List RPCs. Parse it once per
/// request, then call <see cref="Matches"/> for each item: matching walks a tree of small
/// immutable nodes, with no re-parsing and no reflection, and is safe from any thread.
/// </summary>
internal sealed class Filter<T>
{
    public const int MaxLength = 2000;

    // Null means "no filter": every item matches.
    private readonly FilterNode<T>? _root;

    private Filter(FilterNode<T>? root)
    {
        _root = root;
    }

    public static Filter<T> MatchAll { get; } = new(null);

    public bool IsMatchAll => _root is null;

    /// <summary>
    /// Parses <paramref name="text"/> against <paramref name="schema"/>. A null, empty or
    /// all-whitespace filter is <see cref="MatchAll"/>.
    /// </summary>
    /// <exception cref="FilterException">The filter is malformed or names something the schema does not support.</exception>
    public static Filter<T> Parse(string? text, FilterSchema<T> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (text is not null && text.Length > MaxLength)
        {
            throw FilterErrors.TooLong(text.Length, MaxLength);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return MatchAll;
        }

        return new Filter<T>(FilterParser<T>.Parse(text, schema));
    }

    public bool Matches(T item) => _root is null || _root.Matches(item);
}
