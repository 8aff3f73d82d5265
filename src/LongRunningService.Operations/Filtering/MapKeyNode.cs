namespace LongRunningService.Operations.Filtering;

/// <summary><c>labels:key</c>: some key matches the pattern (<c>labels:*</c> means any label at all).</summary>
internal sealed class MapKeyNode<T> : FilterNode<T>
{
    private readonly Func<T, IReadOnlyDictionary<string, string>> _getter;
    private readonly WildcardPattern _pattern;
    private readonly string? _literalKey;

    public MapKeyNode(Func<T, IReadOnlyDictionary<string, string>> getter, WildcardPattern pattern)
    {
        _getter = getter;
        _pattern = pattern;
        _literalKey = pattern.LiteralText;
    }

    public override bool Matches(T item)
    {
        var map = _getter(item);

        // A plain key is a lookup, which also honours the dictionary's own key comparer.
        if (_literalKey is not null)
        {
            return map.ContainsKey(_literalKey);
        }

        foreach (var key in map.Keys)
        {
            if (_pattern.IsMatch(key))
            {
                return true;
            }
        }

        return false;
    }
}
