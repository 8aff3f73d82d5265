namespace LongRunningService.Operations.Filtering;

/// <summary><c>NOT x</c>, <c>-x</c>, and the <c>!=</c> forms, which are the negation of <c>=</c>.</summary>
internal sealed class NotNode<T>(FilterNode<T> operand) : FilterNode<T>
{
    public override bool Matches(T item) => !operand.Matches(item);
}
