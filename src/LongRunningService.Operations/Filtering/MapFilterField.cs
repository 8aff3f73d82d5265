namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A string-to-string map such as <c>labels</c>. AIP-160 forms:
/// <c>labels.env = "prod"</c> and <c>!=</c> (a missing key never equals, so it matches <c>!=</c>),
/// <c>labels.env:*</c> or <c>labels:env</c> (key present), <c>labels.env:"pro"</c> (value contains).
/// </summary>
internal sealed class MapFilterField<T>(string name, Func<T, IReadOnlyDictionary<string, string>> getter)
    : FilterField<T>(name)
{
    public override bool TakesKey => true;

    public override FilterNode<T> Bind(FilterRestriction restriction, string? key)
    {
        return key is null ? BindMap(restriction) : BindKey(restriction, key);
    }

    // labels:key, labels:"key", labels:prefix*
    private MapKeyNode<T> BindMap(FilterRestriction restriction)
    {
        if (restriction.Comparator != FilterComparator.Has || restriction.Value is not { } value)
        {
            throw FilterErrors.KeyRequired(restriction.Path);
        }

        return new MapKeyNode<T>(getter, value.Pattern);
    }

    // labels.key = v, labels.key != v, labels.key:v, labels.key:*
    private FilterNode<T> BindKey(FilterRestriction restriction, string key)
    {
        if (restriction.Comparator is not { } comparator || restriction.Value is not { } value)
        {
            throw FilterErrors.MissingComparison(restriction.Path);
        }

        switch (comparator)
        {
            case FilterComparator.Equal:
                return new MapValueNode<T>(getter, key, value.Pattern);
            case FilterComparator.NotEqual:
                return new NotNode<T>(new MapValueNode<T>(getter, key, value.Pattern));
            case FilterComparator.Has:
                // "labels.env:*" becomes "contains anything", which every present value does.
                return new MapValueNode<T>(getter, key, value.Pattern.ToContains());
            default:
                throw FilterErrors.OperatorNotSupported(comparator, restriction.Path);
        }
    }
}
