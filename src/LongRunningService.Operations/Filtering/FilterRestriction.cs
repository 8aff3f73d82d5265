namespace LongRunningService.Operations.Filtering;

/// <summary>
/// One parsed <c>comparable [comparator arg]</c>, before the schema gives it meaning.
/// <see cref="Comparator"/> and <see cref="Value"/> are both null for a bare field such as <c>done</c>.
/// </summary>
internal sealed record FilterRestriction(FilterMember Member, FilterComparator? Comparator, FilterValue? Value)
{
    public string Path => Member.Path;
}
