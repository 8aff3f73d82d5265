namespace LongRunningService.Operations.Filtering;

/// <summary>A string or enum field matches a pattern.</summary>
internal sealed class StringPatternNode<T>(Func<T, string?> getter, WildcardPattern pattern) : FilterNode<T>
{
    // proto3 has no unset string: a missing value reads as "", as clients expect.
    public override bool Matches(T item) => pattern.IsMatch(getter(item) ?? string.Empty);
}
