namespace LongRunningService.Operations.Filtering;

/// <summary>The argument on the right of a restriction, quoted or bare.</summary>
/// <param name="Text">The value with escapes resolved; wildcard and escaped <c>*</c> both appear as <c>*</c>.</param>
/// <param name="Pattern">
/// The value as a wildcard pattern. It is kept apart from <paramref name="Text"/> because only the
/// pattern knows which <c>*</c> were escaped (<c>\*</c>) and so are literal.
/// </param>
/// <param name="Position">Zero-based index of the first character in the filter text.</param>
internal sealed record FilterValue(string Text, WildcardPattern Pattern, int Position);
