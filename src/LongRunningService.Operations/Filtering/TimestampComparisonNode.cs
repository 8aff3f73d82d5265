namespace LongRunningService.Operations.Filtering;

/// <summary>A timestamp field compared with a fixed instant; offsets do not matter, only the instant.</summary>
internal sealed class TimestampComparisonNode<T>(
    Func<T, DateTimeOffset?> getter,
    FilterComparator comparator,
    DateTimeOffset instant) : FilterNode<T>
{
    public override bool Matches(T item)
    {
        var value = getter(item);
        if (value is null)
        {
            // An unset time is neither before, after nor at any instant, so only != holds.
            return comparator == FilterComparator.NotEqual;
        }

        var order = value.Value.CompareTo(instant);
        switch (comparator)
        {
            case FilterComparator.Equal:
                return order == 0;
            case FilterComparator.NotEqual:
                return order != 0;
            case FilterComparator.Less:
                return order < 0;
            case FilterComparator.LessOrEqual:
                return order <= 0;
            case FilterComparator.Greater:
                return order > 0;
            case FilterComparator.GreaterOrEqual:
                return order >= 0;
            default:
                // TimestampFilterField rejects every other comparator before building this node.
                throw new InvalidOperationException($"Comparator {comparator} cannot compare timestamps.");
        }
    }
}
