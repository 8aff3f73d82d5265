namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A timestamp field, compared with an RFC 3339 literal by <c>= != &lt; &lt;= &gt; &gt;=</c>.
/// An unset time (null) matches only <c>!=</c>.
/// </summary>
internal sealed class TimestampFilterField<T>(string name, Func<T, DateTimeOffset?> getter) : FilterField<T>(name)
{
    public override FilterNode<T> Bind(FilterRestriction restriction, string? key)
    {
        if (restriction.Comparator is not { } comparator || restriction.Value is not { } value)
        {
            throw FilterErrors.MissingComparison(restriction.Path);
        }

        if (comparator == FilterComparator.Has)
        {
            throw FilterErrors.OperatorNotSupported(comparator, restriction.Path);
        }

        if (!Rfc3339Timestamp.TryParse(value.Text, out var instant))
        {
            throw FilterErrors.InvalidTimestamp(value.Text, restriction.Path);
        }

        return new TimestampComparisonNode<T>(getter, comparator, instant);
    }
}
