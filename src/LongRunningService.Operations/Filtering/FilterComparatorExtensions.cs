namespace LongRunningService.Operations.Filtering;

internal static class FilterComparatorExtensions
{
    /// <summary>The comparator as the user writes it, for error messages.</summary>
    public static string ToSymbol(this FilterComparator comparator)
    {
        switch (comparator)
        {
            case FilterComparator.Equal:
                return "=";
            case FilterComparator.NotEqual:
                return "!=";
            case FilterComparator.Less:
                return "<";
            case FilterComparator.LessOrEqual:
                return "<=";
            case FilterComparator.Greater:
                return ">";
            case FilterComparator.GreaterOrEqual:
                return ">=";
            case FilterComparator.Has:
                return ":";
            default:
                throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown filter comparator.");
        }
    }
}
