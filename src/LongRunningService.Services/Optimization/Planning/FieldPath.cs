using System.Text;

namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A path to a field of a request, built from the root:
/// <c>model.shipments[2].pickups[0].time_windows[0]</c>. Map keys are quoted,
/// cut to a short prefix since they are client input.
/// </summary>
internal sealed class FieldPath
{
    private const int MaxKeyLength = 40;

    private FieldPath(FieldPath? parent, string name, int? index, string? key)
    {
        Parent = parent;
        Name = name;
        Index = index;
        Key = key;
    }

    public FieldPath? Parent { get; }

    public string Name { get; }

    public int? Index { get; }

    public string? Key { get; }

    public static FieldPath Root(string name) => new(null, name, null, null);

    public FieldPath Field(string name) => new(this, name, null, null);

    public FieldPath Field(string name, int index) => new(this, name, index, null);

    public FieldPath Field(string name, string key) =>
        new(this, name, null, key.Length <= MaxKeyLength ? key : key[..MaxKeyLength] + "…");

    /// <summary>The segments from the root down to this one.</summary>
    public IReadOnlyList<FieldPath> Segments()
    {
        var segments = new List<FieldPath>();
        for (var segment = this; segment is not null; segment = segment.Parent)
        {
            segments.Add(segment);
        }

        segments.Reverse();
        return segments;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments())
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(segment.Name);
            if (segment.Index is { } index)
            {
                text.Append('[').Append(index).Append(']');
            }
            else if (segment.Key is { } key)
            {
                text.Append("[\"").Append(key).Append("\"]");
            }
        }

        return text.ToString();
    }
}
