namespace LongRunningService.Operations.Filtering;

/// <summary>
/// Declares which fields of <typeparamref name="T"/> a filter may name, their kinds, and how to
/// read them. Build one per resource type at startup; after that it is only read, so concurrent
/// List calls can share it.
/// </summary>
internal sealed class FilterSchema<T>
{
    private readonly Dictionary<string, FilterField<T>> _fields = new(StringComparer.Ordinal);
    private string[] _sortedNames = [];

    /// <summary>The declared field paths, sorted ordinally, as error messages list them.</summary>
    public IReadOnlyCollection<string> FieldNames => _sortedNames;

    public FilterSchema<T> AddString(string name, Func<T, string?> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        return Add(name, new StringFilterField<T>(name, getter));
    }

    /// <param name="getter">Returns the enum value name, such as <c>PIPELINE_STATE_RUNNING</c>.</param>
    /// <param name="allowedValues">Every name a filter may use, in the order error messages list them.</param>
    public FilterSchema<T> AddEnum(string name, Func<T, string> getter, IEnumerable<string> allowedValues)
    {
        ArgumentNullException.ThrowIfNull(getter);
        ArgumentNullException.ThrowIfNull(allowedValues);
        string[] values = [.. allowedValues];
        if (values.Length == 0)
        {
            throw new ArgumentException($"Enum filter field '{name}' needs at least one allowed value.", nameof(allowedValues));
        }

        return Add(name, new EnumFilterField<T>(name, getter, values));
    }

    public FilterSchema<T> AddBool(string name, Func<T, bool> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        return Add(name, new BoolFilterField<T>(name, getter));
    }

    /// <param name="getter">Returns the time, or null when it is unset.</param>
    public FilterSchema<T> AddTimestamp(string name, Func<T, DateTimeOffset?> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        return Add(name, new TimestampFilterField<T>(name, getter));
    }

    public FilterSchema<T> AddMap(string name, Func<T, IReadOnlyDictionary<string, string>> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        return Add(name, new MapFilterField<T>(name, getter));
    }

    internal bool HasField(string path) => _fields.ContainsKey(path);

    /// <summary>
    /// Finds the field a restriction names and lets it build the node. The longest declared
    /// prefix of the path wins, so a map field may be followed by one key segment.
    /// </summary>
    internal FilterNode<T> Bind(FilterRestriction restriction)
    {
        var segments = restriction.Member.Segments;
        for (var count = segments.Count; count > 0; count--)
        {
            var path = count == segments.Count ? restriction.Path : string.Join('.', segments.Take(count));
            if (!_fields.TryGetValue(path, out var field))
            {
                continue;
            }

            var remaining = segments.Count - count;
            if (remaining == 0)
            {
                return field.Bind(restriction, key: null);
            }

            if (!field.TakesKey)
            {
                break;
            }

            if (remaining > 1)
            {
                throw FilterErrors.KeyTooDeep(restriction.Path, field.Name);
            }

            return field.Bind(restriction, segments[^1]);
        }

        throw FilterErrors.UnknownField(restriction.Path, _sortedNames);
    }

    private FilterSchema<T> Add(string name, FilterField<T> field)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Fail at startup on a name no filter could spell, rather than on the first request.
        if (!IsWritableInFilter(name))
        {
            throw new ArgumentException(
                $"Filter field name '{name}' cannot be written in a filter; use dot-separated words of letters, digits, '_' and '-'.",
                nameof(name));
        }

        if (!_fields.TryAdd(name, field))
        {
            throw new ArgumentException($"Filter field '{name}' is declared twice.", nameof(name));
        }

        _sortedNames = [.. _fields.Keys.Order(StringComparer.Ordinal)];
        return this;
    }

    private static bool IsWritableInFilter(string name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsLetterOrDigit(name[0]) || name[0] == '_'))
        {
            return false;
        }

        if (name is "AND" or "OR" or "NOT")
        {
            return false;
        }

        foreach (var segment in name.Split('.'))
        {
            if (segment.Length == 0 || !segment.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
