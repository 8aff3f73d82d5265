namespace LongRunningService.Operations.Filtering;

/// <summary>
/// An enum field, compared by value name (<c>state = PIPELINE_STATE_RUNNING</c>) with <c>=</c> or <c>!=</c>.
/// A name outside the enum is an error rather than "matches nothing", so typos surface at once.
/// </summary>
internal sealed class EnumFilterField<T> : FilterField<T>
{
    private readonly Func<T, string> _getter;
    private readonly string[] _allowedValues;
    private readonly HashSet<string> _allowedSet;

    public EnumFilterField(string name, Func<T, string> getter, string[] allowedValues)
        : base(name)
    {
        _getter = getter;
        _allowedValues = allowedValues;
        _allowedSet = new HashSet<string>(allowedValues, StringComparer.Ordinal);
    }

    public override FilterNode<T> Bind(FilterRestriction restriction, string? key)
    {
        if (restriction.Comparator is not { } comparator || restriction.Value is not { } value)
        {
            throw FilterErrors.MissingComparison(restriction.Path);
        }

        if (comparator is not (FilterComparator.Equal or FilterComparator.NotEqual))
        {
            throw FilterErrors.OperatorNotSupported(comparator, restriction.Path);
        }

        if (!_allowedSet.Contains(value.Text))
        {
            throw FilterErrors.InvalidEnumValue(value.Text, restriction.Path, _allowedValues);
        }

        // Literal, not value.Pattern: enum names have no wildcards, and the name was checked above.
        var node = new StringPatternNode<T>(_getter, WildcardPattern.Literal(value.Text));
        return comparator == FilterComparator.Equal ? node : new NotNode<T>(node);
    }
}
