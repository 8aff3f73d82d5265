namespace LongRunningService.Operations.Filtering;

/// <summary>
/// One node of a compiled filter. Nodes are built once per request by
/// <see cref="FilterParser{T}"/> and are immutable, so matching is a plain tree walk.
/// </summary>
internal abstract class FilterNode<T>
{
    public abstract bool Matches(T item);
}
