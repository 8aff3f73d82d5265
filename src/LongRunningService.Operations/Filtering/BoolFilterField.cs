namespace LongRunningService.Operations.Filtering;

/// <summary>
/// A bool field: <c>done = true</c>, <c>done != false</c>, or just <c>done</c>, which AIP-160
/// reads as <c>done = true</c> (so <c>NOT done</c> and <c>-done</c> work too).
/// </summary>
internal sealed class BoolFilterField<T>(string name, Func<T, bool> getter) : FilterField<T>(name)
{
    public override FilterNode<T> Bind(FilterRestriction restriction, string? key)
    {
        var isTrue = new BoolFieldNode<T>(getter);
        if (restriction.Comparator is not { } comparator || restriction.Value is not { } value)
        {
            return isTrue;
        }

        if (comparator is not (FilterComparator.Equal or FilterComparator.NotEqual))
        {
            throw FilterErrors.OperatorNotSupported(comparator, restriction.Path);
        }

        bool expected;
        if (string.Equals(value.Text, "true", StringComparison.OrdinalIgnoreCase))
        {
            expected = true;
        }
        else if (string.Equals(value.Text, "false", StringComparison.OrdinalIgnoreCase))
        {
            expected = false;
        }
        else
        {
            throw FilterErrors.InvalidBool(value.Text, restriction.Path);
        }

        // "= true" and "!= false" both ask for true; the other two ask for false.
        var wantsTrue = expected == (comparator == FilterComparator.Equal);
        return wantsTrue ? isTrue : new NotNode<T>(isTrue);
    }
}
