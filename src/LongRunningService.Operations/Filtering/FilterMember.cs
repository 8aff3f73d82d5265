namespace LongRunningService.Operations.Filtering;

/// <summary>
/// The field path on the left of a restriction, such as <c>labels.env</c>, split at its dots.
/// </summary>
/// <param name="Segments">The path segments, unquoted; at least one.</param>
/// <param name="Position">Zero-based index of the first character in the filter text.</param>
internal sealed record FilterMember(IReadOnlyList<string> Segments, int Position)
{
    public string Path { get; } = string.Join('.', Segments);
}
