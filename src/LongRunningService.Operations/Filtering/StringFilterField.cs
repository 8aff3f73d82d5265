namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A string field. <c>=</c> and <c>!=</c> compare the whole value; <c>:</c> (has) matches a
/// value that contains the argument. In all three, <c>*</c> matches any run of characters.
/// Comparison is ordinal (case-sensitive), like the exact-match filters of Google APIs.
/// </summary>
internal sealed class StringFilterField<T>(string name, Func<T, string?> getter) : FilterField<T>(name)
{
    public override FilterNode<T> Bind(FilterRestriction restriction, string? key)
    {
        if (restriction.Comparator is not { } comparator || restriction.Value is not { } value)
        {
            throw FilterErrors.MissingComparison(restriction.Path);
        }

        switch (comparator)
        {
            case FilterComparator.Equal:
                return new StringPatternNode<T>(getter, value.Pattern);
            case FilterComparator.NotEqual:
                return new NotNode<T>(new StringPatternNode<T>(getter, value.Pattern));
            case FilterComparator.Has when value.Pattern.MatchesEverything:
                // AIP-160: "field:*" asks whether the field is set, and a proto3 string is set when not empty.
                return new NotNode<T>(new StringPatternNode<T>(getter, WildcardPattern.Literal(string.Empty)));
            case FilterComparator.Has:
                return new StringPatternNode<T>(getter, value.Pattern.ToContains());
            default:
                throw FilterErrors.OperatorNotSupported(comparator, restriction.Path);
        }
    }
}
