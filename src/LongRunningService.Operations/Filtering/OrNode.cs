namespace LongRunningService.Operations.Filtering;

/// <summary>Any child matches. One node per run of ORs keeps the tree shallow.</summary>
internal sealed class OrNode<T>(FilterNode<T>[] children) : FilterNode<T>
{
    public override bool Matches(T item)
    {
        foreach (var child in children)
        {
            if (child.Matches(item))
            {
                return true;
            }
        }

        return false;
    }
}
