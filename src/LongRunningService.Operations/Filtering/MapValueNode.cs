namespace LongRunningService.Operations.Filtering;

/// <summary><c>labels.key = pattern</c>: the key is present and its value matches. A missing key never matches.</summary>
internal sealed class MapValueNode<T>(
    Func<T, IReadOnlyDictionary<string, string>> getter,
    string key,
    WildcardPattern pattern) : FilterNode<T>
{
    public override bool Matches(T item) => getter(item).TryGetValue(key, out var value) && pattern.IsMatch(value);
}
