namespace LongRunningService.Operations.Filtering;

/// <summary>
/// One field a filter may name. Each kind turns a parsed restriction into a node, and rejects
/// the comparators and values that make no sense for it.
/// </summary>
internal abstract class FilterField<T>(string name)
{
    public string Name { get; } = name;

    /// <summary>True for maps, whose path carries one more segment: the key (<c>labels.env</c>).</summary>
    public virtual bool TakesKey => false;

    /// <param name="restriction">The restriction as parsed.</param>
    /// <param name="key">The map key after the field name, or null; only set when <see cref="TakesKey"/>.</param>
    public abstract FilterNode<T> Bind(FilterRestriction restriction, string? key);
}
