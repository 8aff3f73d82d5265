namespace LongRunningService.Operations.Filtering;

/// <summary>A bool field is true; <c>= false</c> and <c>!= true</c> wrap this in a <see cref="NotNode{T}"/>.</summary>
internal sealed class BoolFieldNode<T>(Func<T, bool> getter) : FilterNode<T>
{
    public override bool Matches(T item) => getter(item);
}
