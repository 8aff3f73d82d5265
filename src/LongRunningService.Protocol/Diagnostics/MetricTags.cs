namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// A measurement's tags as a dictionary key, so that a series is found without
/// writing its Prometheus label text on every call; up to <see cref="MaxTags"/>
/// tags, in the order the instrument reports them.
/// </summary>
internal readonly struct MetricTags : IEquatable<MetricTags>
{
    public const int MaxTags = 4;

    private readonly int _count;
    private readonly KeyValuePair<string, object?> _t0;
    private readonly KeyValuePair<string, object?> _t1;
    private readonly KeyValuePair<string, object?> _t2;
    private readonly KeyValuePair<string, object?> _t3;

    private MetricTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _count = tags.Length;
        _t0 = tags.Length > 0 ? tags[0] : default;
        _t1 = tags.Length > 1 ? tags[1] : default;
        _t2 = tags.Length > 2 ? tags[2] : default;
        _t3 = tags.Length > 3 ? tags[3] : default;
    }

    /// <summary>The key for <paramref name="tags"/>, or false when there are too many to hold.</summary>
    public static bool TryCreate(ReadOnlySpan<KeyValuePair<string, object?>> tags, out MetricTags key)
    {
        key = tags.Length <= MaxTags ? new MetricTags(tags) : default;
        return tags.Length <= MaxTags;
    }

    public bool Equals(MetricTags other) =>
        _count == other._count && Same(_t0, other._t0) && Same(_t1, other._t1) && Same(_t2, other._t2) && Same(_t3, other._t3);

    public override bool Equals(object? obj) => obj is MetricTags other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(_count, _t0.Key, _t0.Value, _t1.Value, _t2.Value, _t3.Value);

    private static bool Same(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal) && Equals(a.Value, b.Value);
}
