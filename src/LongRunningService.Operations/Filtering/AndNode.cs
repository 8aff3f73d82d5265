namespace LongRunningService.Operations.Filtering;

/// <summary>All children match. One node per run of ANDs keeps the tree shallow.</summary>
internal sealed class AndNode<T>(FilterNode<T>[] children) : FilterNode<T>
{
    public override bool Matches(T item)
    {
        foreach (var child in children)
        {
            if (!child.Matches(item))
            {
                return false;
            }
        }

        return true;
    }
}
